package dev.prism.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.media.PublishedMedia;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The health probes ({@code /health}, {@code /health/live}, {@code /health/ready}), the files Prism
 * publishes, and OpenAI-shaped answers for unknown routes.
 */
final class OperationalRoutes {
    private final ObjectMapper mapper;
    private final HealthReport health;
    private final PublishedMedia media;
    private final GuardedHandlers guarded;

    OperationalRoutes(ObjectMapper mapper, HealthReport health, PublishedMedia media, GuardedHandlers guarded) {
        this.mapper = mapper;
        this.health = health;
        this.media = media;
        this.guarded = guarded;
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/health", guarded.of(this::summary))
                .get("/health/live", guarded.of(this::live))
                .get("/health/ready", guarded.of(this::ready))
                .get(PublishedMedia.PATH + "*", guarded.of(this::publishedFile))
                .any(guarded.of(this::unknownRoute));
    }

    /** Up as long as it answers: a process that answers nothing is restarted by whoever asks. */
    private void live(ServerRequest req, ServerResponse res, String requestId) {
        send(res, Status.OK_200, mapper.createObjectNode().put("status", "live"), requestId);
    }

    /**
     * Ready once it listens (the configuration is read and the providers are built by then) and while
     * every dependency whose outage must stop traffic answers; 503 with the reasons otherwise.
     */
    private void ready(ServerRequest req, ServerResponse res, String requestId) {
        List<String> reasons = health.notReadyBecause();
        send(res, reasons.isEmpty() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, health.readiness(reasons),
                requestId);
    }

    private void summary(ServerRequest req, ServerResponse res, String requestId) {
        send(res, Status.OK_200, health.summary(), requestId);
    }

    private static void send(ServerResponse res, Status status, ObjectNode body, String requestId) {
        res.status(status);
        res.header(PrismHeaders.REQUEST_ID, requestId);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(body.toString().getBytes(StandardCharsets.UTF_8));
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
                    "/v1/images/generations", "/v1/images/edits", "/v1/images/variations", "/v1/models", "/health",
                    "/health/live", "/health/ready", "/metrics" -> true;
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
