package dev.prism.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.MediaResponse;
import dev.prism.api.Secret;
import dev.prism.spi.CallContext;
import dev.prism.spi.HttpTransport;
import dev.prism.spi.ProviderException;
import dev.prism.spi.RequestBody;
import dev.prism.spi.UpstreamRequest;
import dev.prism.spi.UpstreamRequest.Header;
import dev.prism.spi.UpstreamResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One OpenAI-compatible server: sends a request with the credentials and turns the answer into a
 * streaming {@link MediaResponse} or a categorised {@link ProviderException}.
 */
final class OpenAiEndpoint {
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String provider;
    private final URI baseUrl;
    private final List<Header> fixedHeaders;
    private final HttpTransport http;
    /** The URI of each path posted to, parsed once: a handful of paths, each asked for on every call. */
    private final Map<String, URI> uris = new ConcurrentHashMap<>();

    OpenAiEndpoint(String provider, URI baseUrl, Secret apiKey, String organization, String project,
            Map<String, String> extraHeaders, HttpTransport http) {
        this.provider = provider;
        this.baseUrl = baseUrl;
        this.http = http;
        List<Header> headers = new ArrayList<>();
        if (apiKey != null) {
            headers.add(new Header("Authorization", "Bearer " + apiKey.reveal()));
        }
        if (organization != null) {
            headers.add(new Header("OpenAI-Organization", organization));
        }
        if (project != null) {
            headers.add(new Header("OpenAI-Project", project));
        }
        extraHeaders.forEach((name, value) -> headers.add(new Header(name, value)));
        this.fixedHeaders = List.copyOf(headers);
    }

    /**
     * POSTs to {@code path} under the base URL.
     *
     * @param contentType the content type the client gets (the requested format's, whatever the upstream says)
     */
    MediaResponse post(String path, RequestBody body, CallContext call, String contentType) {
        Duration timeout = call.timeout();
        UpstreamRequest request = new UpstreamRequest("POST", uris.computeIfAbsent(path, p -> URI.create(baseUrl + p)),
                fixedHeaders, body, timeout,
                call.idleTimeout());
        UpstreamResponse response;
        try {
            response = http.send(request);
        } catch (SocketTimeoutException e) {
            throw ProviderException.timedOut("Provider '" + provider + "' did not answer within " + timeout.toMillis()
                    + " ms", e);
        } catch (IOException e) {
            throw ProviderException.failed("Provider '" + provider + "' could not be reached: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
        int status = response.status();
        if (status >= 200 && status < 300) {
            long length = response.header("content-length").map(OpenAiEndpoint::parseLong).orElse(-1L);
            return new MediaResponse(answeredType(contentType, response), length, new ClosingStream(response));
        }
        try (response) {
            throw error(status, response);
        }
    }

    /**
     * The requested content type, except where an upstream answers a stream request without
     * streaming: whisper-1 ignores {@code stream=true} and sends JSON, which must not be labelled
     * as events.
     */
    private static String answeredType(String requested, UpstreamResponse response) {
        if (requested.startsWith("text/event-stream")
                && response.header("content-type").orElse("").startsWith("application/json")) {
            return "application/json";
        }
        return requested;
    }

    private ProviderException error(int status, UpstreamResponse response) {
        String message = null;
        String param = null;
        String code = null;
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_ERROR_BODY);
            JsonNode error = JSON.readTree(bytes).path("error");
            if (error.isObject()) {
                message = text(error.get("message"));
                param = text(error.get("param"));
                code = text(error.get("code"));
            } else if (error.isTextual()) {
                message = error.textValue();
            }
        } catch (IOException | RuntimeException e) {
            // Not OpenAI's error JSON (an HTML page from a proxy, say): the status says enough.
        }
        if (status == 404 && "model_not_found".equals(code)) {
            // The client named an alias Prism knows; the model it maps to is Prism's configuration.
            return ProviderException.modelRefused(provider, status, code);
        }
        // 401 and 403 (a wrong key, an organisation or project without access) are Prism's credentials.
        return ProviderException.fromStatus(provider, status, message, param, code, retryAfter(response).orElse(null));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    /** {@code retry-after-ms} (milliseconds, may be fractional) first, then {@code retry-after} (seconds). */
    static Optional<Duration> retryAfter(UpstreamResponse response) {
        Optional<Duration> millis = response.header("retry-after-ms").flatMap(v -> {
            try {
                return Optional.of(Duration.ofNanos((long) (Double.parseDouble(v.trim()) * 1_000_000)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
        if (millis.isPresent()) {
            return millis;
        }
        return response.header("retry-after").flatMap(v -> {
            try {
                return Optional.of(Duration.ofMillis((long) (Double.parseDouble(v.trim()) * 1000)));
            } catch (NumberFormatException e) {
                return Optional.empty(); // An HTTP date: rare from these APIs; fall back to our backoff.
            }
        });
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The upstream body; closing it closes the upstream response (and drops an unread connection). */
    private static final class ClosingStream extends FilterInputStream {
        private final UpstreamResponse response;

        ClosingStream(UpstreamResponse response) {
            super(response.body());
            this.response = response;
        }

        @Override
        public void close() {
            response.close();
        }
    }
}
