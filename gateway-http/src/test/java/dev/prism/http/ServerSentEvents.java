package dev.prism.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads a server-sent-event body as a client does. */
public final class ServerSentEvents {
    private ServerSentEvents() {}

    /** The JSON {@code data:} payload of each event, in order ({@code [DONE]} skipped). */
    public static List<JsonNode> data(byte[] body) {
        List<JsonNode> events = new ArrayList<>();
        for (String event : new String(body, StandardCharsets.UTF_8).split("\n\n")) {
            StringBuilder data = new StringBuilder();
            for (String line : event.split("\n")) {
                if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            if (!data.isEmpty() && !data.toString().equals("[DONE]")) {
                events.add(OpenAiErrors.json(data.toString().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return events;
    }

    /** The event names ({@code event:} lines), in order. */
    static List<String> names(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("event:"))
                .map(l -> l.substring(6).strip()).toList();
    }

    static byte[] concatBase64(List<JsonNode> events, String field) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.forEach(e -> out.writeBytes(Base64.getDecoder().decode(e.get(field).asText())));
        return out.toByteArray();
    }
}
