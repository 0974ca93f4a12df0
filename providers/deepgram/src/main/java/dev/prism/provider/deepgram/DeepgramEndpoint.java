package dev.prism.provider.deepgram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.Secret;
import dev.prism.spi.CallContext;
import dev.prism.spi.HttpTransport;
import dev.prism.spi.ProviderException;
import dev.prism.spi.RequestBody;
import dev.prism.spi.UpstreamRequest;
import dev.prism.spi.UpstreamRequest.Header;
import dev.prism.spi.UpstreamResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One Deepgram host: sends a request with the key and turns an error status into a categorised
 * {@link ProviderException}. The key appears only in the {@code Authorization} header, which
 * {@link Header#toString()} masks.
 */
final class DeepgramEndpoint {
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String provider;
    private final URI baseUrl;
    private final List<Header> headers;
    private final HttpTransport http;

    DeepgramEndpoint(String provider, URI baseUrl, Secret apiKey, HttpTransport http) {
        this.provider = provider;
        this.baseUrl = baseUrl;
        this.http = http;
        this.headers = List.of(new Header("Authorization", "Token " + apiKey.reveal()));
    }

    String provider() {
        return provider;
    }

    /**
     * POSTs {@code body} to {@code path} with {@code query} (in its order) and answers the
     * response of a 2xx status, which the caller must close.
     */
    UpstreamResponse post(String path, Map<String, String> query, RequestBody body, CallContext call) {
        String queryString = query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        URI uri = URI.create(baseUrl + path + (queryString.isEmpty() ? "" : "?" + queryString));
        UpstreamRequest request = new UpstreamRequest("POST", uri, headers, body, call.timeout(), call.idleTimeout());
        UpstreamResponse response;
        try {
            response = http.send(request);
        } catch (SocketTimeoutException e) {
            throw ProviderException.timedOut("Provider '" + provider + "' did not answer within "
                    + call.timeout().toMillis() + " ms", e);
        } catch (IOException e) {
            throw ProviderException.failed("Provider '" + provider + "' could not be reached: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
        int status = response.status();
        if (status >= 200 && status < 300) {
            return response;
        }
        try (response) {
            throw error(status, response);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Deepgram has two error envelopes, {@code {err_code, err_msg}} and {@code {category, message}}.
     * A 400 that names the model refuses Prism's configuration (the target's model), not the
     * client's request; Deepgram's 401 also answers some invalid query values, but Prism sends
     * only values it checked, so a 401 here is the key.
     */
    private ProviderException error(int status, UpstreamResponse response) {
        String code = null;
        String message = null;
        try (InputStream in = response.body()) {
            JsonNode body = JSON.readTree(in.readNBytes(MAX_ERROR_BODY));
            if (body != null && body.isObject()) {
                code = text(body.get("err_code"), text(body.get("category"), null));
                message = text(body.get("err_msg"), text(body.get("message"), null));
            }
        } catch (IOException | RuntimeException e) {
            // Not Deepgram's JSON (a proxy's page): the status says enough.
        }
        String wireCode = code == null ? null : code.replace(' ', '_');
        if (status == 402) {
            // Out of credits: Prism's account, not the client's request; another target may still have some.
            return ProviderException.builder(dev.prism.api.ErrorKind.UPSTREAM_AUTH,
                    "Provider '" + provider + "' refused the call: the account is out of credits (HTTP 402)")
                    .upstreamStatus(status).build();
        }
        if ((status == 400 || status == 404) && message != null && mentionsModel(message)) {
            return ProviderException.modelRefused(provider, status, wireCode);
        }
        return ProviderException.fromStatus(provider, status, message, null, wireCode,
                retryAfter(response).orElse(null));
    }

    private static boolean mentionsModel(String message) {
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("model") && !lower.contains("format") && !lower.contains("encoding");
    }

    private static String text(JsonNode node, String otherwise) {
        return node == null || node.isNull() ? otherwise : node.asText();
    }

    /** {@code retry-after} in seconds; a date form falls back to Prism's own backoff. */
    static Optional<Duration> retryAfter(UpstreamResponse response) {
        return response.header("retry-after").flatMap(v -> {
            try {
                return Optional.of(Duration.ofMillis((long) (Double.parseDouble(v.trim()) * 1000)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
