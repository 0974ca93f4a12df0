package dev.prism.provider.elevenlabs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.ErrorKind;
import dev.prism.spi.ProviderException;
import dev.prism.spi.UpstreamResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads ElevenLabs' error answers ({@code {"detail":{"status","message"}}}, or FastAPI's 422 list
 * {@code {"detail":[{"loc","msg","type"}]}}) into Prism's categories. ElevenLabs means several
 * things by a 401: a spent quota ({@code quota_exceeded}) and an unknown voice
 * ({@code voice_not_found}) come as 401 too, so the code decides before the status does.
 *
 * @param configuredVoice the voice id Prism sent came from the provider's {@code voices} map
 *     (then an unknown voice is the operator's mistake), or from the client (then it is the client's)
 */
record ElevenLabsErrors(String provider, String voice, boolean configuredVoice) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 64 * 1024;

    /** For calls that name no voice (transcriptions). */
    static ElevenLabsErrors of(String provider) {
        return new ElevenLabsErrors(provider, null, false);
    }

    ProviderException read(UpstreamResponse response) {
        int status = response.status();
        String code = null;
        String message = null;
        String param = null;
        try (InputStream in = response.body()) {
            JsonNode detail = JSON.readTree(in.readNBytes(MAX_ERROR_BODY)).path("detail");
            if (detail.isObject()) {
                code = text(detail.get("status"));
                message = text(detail.get("message"));
            } else if (detail.isArray() && !detail.isEmpty()) {
                JsonNode first = detail.get(0);
                message = text(first.get("msg"));
                JsonNode loc = first.path("loc");
                param = loc.isArray() && !loc.isEmpty() ? loc.get(loc.size() - 1).asText() : null;
                code = "invalid_value";
            } else if (detail.isTextual()) {
                message = detail.textValue();
            }
        } catch (IOException | RuntimeException e) {
            // Not ElevenLabs' JSON (a proxy's HTML page, say): the status says enough.
        }
        Duration retryAfter = retryAfter(response).orElse(null);
        if ("voice_not_found".equals(code)) {
            if (configuredVoice) {
                return ProviderException.builder(ErrorKind.UPSTREAM_CONFIG, "Provider '" + provider
                        + "' does not know the voice id configured for this voice (HTTP " + status + ", voice_not_found)")
                        .upstreamStatus(status).build();
            }
            return ProviderException.builder(ErrorKind.UPSTREAM_REJECTED, "The voice `" + voice
                    + "` is neither a voice name Prism maps nor a voice id the provider knows.")
                    .upstreamStatus(status).httpStatus(400).param("voice").code("invalid_value").build();
        }
        if ("quota_exceeded".equals(code)) {
            // The message says how many credits are left and needed: no secret, and useful to the operator.
            return ProviderException.builder(ErrorKind.QUOTA_EXCEEDED, "Provider '" + provider
                    + "' has spent its quota (HTTP " + status + ")" + (message == null ? "" : ": " + message))
                    .upstreamStatus(status).code("insufficient_quota").build();
        }
        if ("model_not_found".equals(code) || "invalid_model_id".equals(code) || (status == 404 && code == null)) {
            return ProviderException.modelRefused(provider, status, code);
        }
        if (status == 422) {
            return ProviderException.builder(ErrorKind.UPSTREAM_REJECTED, message == null
                    ? "Provider '" + provider + "' refused the request (HTTP 422)" : message)
                    .upstreamStatus(status).httpStatus(400).param(param).code(code).build();
        }
        if (status == 429) {
            // too_many_concurrent_requests and system_busy: both pass with time, so both are retried.
            return ProviderException.builder(ErrorKind.RATE_LIMITED, "Provider '" + provider + "' is rate limiting (HTTP 429"
                    + (code == null || !code.matches("[a-z_]{1,64}") ? "" : ", " + code) + ")")
                    .upstreamStatus(status).code("rate_limit_exceeded").retryAfter(retryAfter).build();
        }
        if (status == 401 || status == 403) {
            // Never the message: it may quote the key.
            return ProviderException.credentialsRefused(provider, status, code);
        }
        if ("max_character_limit_exceeded".equals(code)) {
            param = "input";
        }
        return ProviderException.fromStatus(provider, status, status >= 500 ? null : message, param, code, retryAfter);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Optional<Duration> retryAfter(UpstreamResponse response) {
        return response.header("retry-after").flatMap(v -> {
            try {
                return Optional.of(Duration.ofMillis((long) (Double.parseDouble(v.trim()) * 1000)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
