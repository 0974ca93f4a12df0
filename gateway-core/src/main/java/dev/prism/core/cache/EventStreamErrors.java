package dev.prism.core.cache;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Whether a complete server-sent-event body reports an error in one of its events: OpenAI ends a
 * stream that failed upstream with an {@code error} event (or a {@code data} object with a
 * top-level {@code error}, or {@code "type":"error"}) and a clean end of the connection. Such a
 * stream is complete as bytes but broken as an answer, and must not be replayed from the cache.
 */
final class EventStreamErrors {
    private static final JsonFactory JSON = new JsonFactory();

    private EventStreamErrors() {}

    static boolean carriesError(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        for (String line : text.split("\r\n|\r|\n")) {
            if (line.startsWith("event:") && line.substring(6).strip().equals("error")) {
                return true;
            }
            if (line.startsWith("data:") && isErrorObject(line.substring(5).strip())) {
                return true;
            }
        }
        return false;
    }

    /** Reads only the top-level names (and the {@code type}); nested values and long base64 strings are skipped. */
    private static boolean isErrorObject(String data) {
        if (!data.startsWith("{")) {
            return false;
        }
        try (JsonParser parser = JSON.createParser(data)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("error") && value != JsonToken.VALUE_NULL) {
                    return true;
                }
                if (name.equals("type") && value == JsonToken.VALUE_STRING && parser.getText().equals("error")) {
                    return true;
                }
                parser.skipChildren();
            }
            return false;
        } catch (IOException e) {
            return false; // A data line split over several lines, or not JSON: not an error object we can see.
        }
    }
}
