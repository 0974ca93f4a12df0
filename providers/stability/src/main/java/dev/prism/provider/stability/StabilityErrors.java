package dev.prism.provider.stability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.ErrorKind;
import dev.prism.spi.ProviderException;
import dev.prism.spi.UpstreamResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Reads Stability's error answers ({@code {"id","name","errors":["field: message"]}}) into Prism's
 * categories. A 403 is two things at Stability: {@code content_moderation} refuses the prompt (the
 * client's to change), anything else refuses the key (the operator's to fix).
 */
final class StabilityErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 64 * 1024;
    /** Stability times a client out for 60 seconds and sends no retry-after of its own. */
    static final Duration RATE_LIMIT_PAUSE = Duration.ofSeconds(60);

    private StabilityErrors() {}

    /** OpenAI's answer to a prompt its safety system refused. */
    static ProviderException contentPolicy(String provider, int upstreamStatus) {
        return ProviderException.builder(ErrorKind.UPSTREAM_REJECTED, "Your request was rejected by the safety system of"
                + " provider '" + provider + "'. Your prompt may contain text that is not allowed.")
                .upstreamStatus(upstreamStatus).httpStatus(400).code("content_policy_violation").build();
    }

    static ProviderException read(String provider, UpstreamResponse response) {
        int status = response.status();
        String name = null;
        String message = null;
        try (InputStream in = response.body()) {
            JsonNode error = JSON.readTree(in.readNBytes(MAX_ERROR_BODY));
            if (error != null && error.isObject()) {
                name = error.path("name").isTextual() ? error.path("name").textValue() : null;
                JsonNode errors = error.path("errors");
                if (errors.isArray() && !errors.isEmpty() && errors.get(0).isTextual()) {
                    message = errors.get(0).textValue();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Stability's JSON (a proxy's HTML page, say): the status says enough.
        }
        if ("content_moderation".equals(name)) {
            return contentPolicy(provider, status);
        }
        if (status == 401 || status == 403) {
            // Never the message: it may quote the header it refused.
            return ProviderException.credentialsRefused(provider, status, safe(name));
        }
        if (status == 402) {
            return ProviderException.builder(ErrorKind.QUOTA_EXCEEDED, "Provider '" + provider
                    + "' has no credits left (HTTP 402)").upstreamStatus(status).code("insufficient_quota").build();
        }
        if (status == 429) {
            return ProviderException.builder(ErrorKind.RATE_LIMITED, "Provider '" + provider + "' is rate limiting (HTTP 429)")
                    .upstreamStatus(status).code("rate_limit_exceeded").retryAfter(RATE_LIMIT_PAUSE).build();
        }
        if (status == 404) {
            return ProviderException.modelRefused(provider, status, safe(name));
        }
        String param = null;
        if (message != null && status < 500) {
            int colon = message.indexOf(':');
            if (colon > 0 && message.substring(0, colon).matches("[a-z_]{1,64}")) {
                param = message.substring(0, colon);
            }
        }
        return ProviderException.fromStatus(provider, status, status >= 500 ? null : message, param, safe(name), null);
    }

    private static String safe(String name) {
        return name != null && name.matches("[a-z_]{1,64}") ? name : null;
    }
}
