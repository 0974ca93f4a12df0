package dev.prism.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.http.openai.ErrorBody;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Answers errors raised below the routes (malformed request line, oversized headers, a URI too long,
 * bad framing) in OpenAI's JSON shape instead of the server's plain-text defaults.
 */
final class JsonDirectHandler implements DirectHandler {
    private final ObjectMapper mapper;

    JsonDirectHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Helidon (4.5) hands its direct handlers no message, only what was thrown; the message tells
     * what went wrong (headers too large, a framing refusal of ours). It is only matched, never
     * shown, except for our own refusals.
     */
    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
            ServerResponseHeaders responseHeaders, Throwable thrown) {
        return handle(request, eventType, defaultStatus, responseHeaders, thrown == null ? null : thrown.getMessage());
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
            ServerResponseHeaders responseHeaders, Throwable thrown, System.Logger logger) {
        return handle(request, eventType, defaultStatus, responseHeaders, thrown);
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
            ServerResponseHeaders responseHeaders, String message) {
        Status status = defaultStatus;
        String text;
        String framing = status.code() == 400 ? RequestFraming.refusalFor(message, request.headers()) : null;
        if (framing != null) {
            text = framing;
        } else if (status.code() == 414) {
            text = "The request URI is too long.";
        } else if (status.code() == 413) {
            text = "The request body is too large.";
        } else if (status.code() >= 500) {
            text = "The server had an error while processing your request.";
        } else {
            text = "The request is malformed and could not be read.";
        }
        String type = status.code() >= 500 ? "server_error" : "invalid_request_error";
        responseHeaders.set(HeaderNames.CONTENT_TYPE, "application/json");
        // Every response carries a request id, also those refused below the routes.
        responseHeaders.set(PrismHeaders.REQUEST_ID, requestId(request));
        return TransportResponse.builder()
                .status(status)
                .headers(responseHeaders)
                .entity(ErrorBody.of(mapper, text, type, null, null))
                .build();
    }

    private static String requestId(TransportRequest request) {
        try {
            return RequestIds.of(request.headers());
        } catch (RuntimeException e) {
            // The headers could not be read (they are what was wrong): a new id then.
            return RequestIds.create();
        }
    }
}
