package dev.prism.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/** Server-sent events whose data is one JSON object, as OpenAI's streams send them. */
final class ServerSentEvent {
    private ServerSentEvent() {}

    /** {@code data: <json>} and the blank line that ends the event. */
    static byte[] data(JsonNode json) {
        return ("data: " + MockJson.text(json) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** An event with a name, for clients that dispatch on {@code event:}. */
    static byte[] named(String event, JsonNode json) {
        return ("event: " + event + "\ndata: " + MockJson.text(json) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
