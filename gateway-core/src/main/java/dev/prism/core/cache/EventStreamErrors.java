package dev.prism.core.cache;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Whether a complete server-sent-event body reports an error in one of its events: an upstream
 * ends a stream that failed on its side with an error event and a clean end of the connection.
 * Such a stream is complete as bytes but broken as an answer, and must not be replayed from the
 * cache.
 *
 * <p>Only the framing is read, never the events' JSON (what an answer means is its provider's to
 * read): an event named {@code error}, or a {@code data} line whose object opens with an
 * {@code error} member (the form the official SDKs raise on, and the one Prism writes itself when
 * a stream breaks) or with {@code "type":"error"}.
 */
final class EventStreamErrors {
    private static final Pattern LINE_END = Pattern.compile("\r\n|\r|\n");
    private static final Pattern ERROR_DATA =
            Pattern.compile("\\{\\s*(\"error\"\\s*:\\s*(?!null\\b)|\"type\"\\s*:\\s*\"error\")");

    private EventStreamErrors() {}

    static boolean carriesError(byte[] body) {
        for (String line : LINE_END.split(new String(body, StandardCharsets.UTF_8))) {
            if (line.startsWith("event:") && line.substring(6).strip().equals("error")) {
                return true;
            }
            if (line.startsWith("data:") && ERROR_DATA.matcher(line.substring(5).strip()).lookingAt()) {
                return true;
            }
        }
        return false;
    }
}
