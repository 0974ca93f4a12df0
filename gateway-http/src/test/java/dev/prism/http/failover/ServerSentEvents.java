package dev.prism.http.failover;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a server-sent-event body as a client does. */
final class ServerSentEvents {
    private ServerSentEvents() {}

    /** The JSON {@code data:} payload of each event, in order ({@code [DONE]} skipped). */
    static List<JsonNode> data(byte[] body) {
        List<JsonNode> events = new ArrayList<>();
        for (String event : new String(body, StandardCharsets.UTF_8).split("\n\n")) {
            StringBuilder data = new StringBuilder();
            for (String line : event.split("\n")) {
                if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            if (!data.isEmpty() && !data.toString().equals("[DONE]")) {
                events.add(RunningGateway.json(data.toString().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return events;
    }
}
