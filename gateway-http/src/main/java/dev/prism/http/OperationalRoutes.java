package dev.prism.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.failover.TargetHealth;
import dev.prism.core.failover.TargetHealthRegistry;
import dev.prism.core.media.PublishedMedia;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /health}, the files Prism publishes, and OpenAI-shaped answers for unknown routes. */
final class OperationalRoutes {
    private final ObjectMapper mapper;
    private final TargetHealthRegistry health;
    private final PublishedMedia media;
    private final GuardedHandlers guarded;

    OperationalRoutes(ObjectMapper mapper, TargetHealthRegistry health, PublishedMedia media, GuardedHandlers guarded) {
        this.mapper = mapper;
        this.health = health;
        this.media = media;
        this.guarded = guarded;
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/health", guarded.of(this::health))
                .get(PublishedMedia.PATH + "*", guarded.of(this::publishedFile))
                .any(guarded.of(this::unknownRoute));
    }

    private void health(ServerRequest req, ServerResponse res, String requestId) {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode targets = mapper.createArrayNode();
        int open = 0;
        for (TargetHealth target : health.all()) {
            ObjectNode t = targets.addObject();
            t.put("provider", target.target().provider());
            t.put("model", target.target().model());
            t.put("breaker", target.breakerState());
            if (target.latencyMillis() >= 0) {
                t.put("latency_ms", Math.round(target.latencyMillis() * 10) / 10.0);
            }
            if (target.breakerState().equals("open")) {
                open++;
            }
        }
        // Live as long as it answers; degraded (still 200: other targets may serve) when breakers are open.
        body.put("status", open == 0 ? "ok" : "degraded");
        body.put("live", true);
        body.put("ready", true);
        body.set("targets", targets);
        res.header(PrismHeaders.REQUEST_ID, requestId);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void publishedFile(ServerRequest req, ServerResponse res, String requestId) {
        String path = req.path().path();
        String id = path.substring(path.lastIndexOf('/') + 1);
        PublishedMedia.Published file = media.find(id).orElseThrow(() -> new GatewayException(ErrorKind.NOT_FOUND,
                "No such file, or its link expired.", null, "file_not_found"));
        res.header(PrismHeaders.REQUEST_ID, requestId);
        res.header(HeaderNames.CONTENT_TYPE, file.contentType());
        res.header(HeaderNames.CACHE_CONTROL, "private, max-age=3600");
        res.send(file.bytes());
    }

    private void unknownRoute(ServerRequest req, ServerResponse res, String requestId) {
        String method = req.prologue().method().text();
        String path = req.path().path();
        boolean knownPath = path.startsWith("/v1/models/") || switch (path) {
            case "/v1/audio/speech", "/v1/audio/speech/stream", "/v1/audio/transcriptions", "/v1/audio/translations",
                    "/v1/images/generations", "/v1/models", "/health", "/metrics" -> true;
            default -> false;
        };
        if (knownPath) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST, 405, "Method " + method + " is not allowed on "
                    + req.path().path() + ".", null, "method_not_allowed", null, null);
        }
        throw new GatewayException(ErrorKind.NOT_FOUND, "Invalid URL (" + method + " " + req.path().path() + ")",
                null, "unknown_url");
    }
}
