package dev.prism.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.ErrorKind;
import dev.prism.api.MediaResponse;
import dev.prism.api.Secret;
import dev.prism.provider.openai.OpenAiWire;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Azure OpenAI resource: posts to a deployment's operation with the {@code api-key} header
 * and the {@code api-version} query, and turns Azure's errors into {@link ProviderException}s
 * by what they refuse: Prism's key (401, 403), Prism's deployment name (404), the rate (429), the
 * client's request (other 4xx, content filtering among them).
 */
final class AzureEndpoint {
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The codes Azure gives a request its content filter refused (images, then older deployments). */
    private static final Set<String> CONTENT_FILTER_CODES = Set.of("content_policy_violation", "content_filter",
            "contentFilter", "ResponsibleAIPolicyViolation");

    private final String provider;
    private final URI baseUrl;
    private final String apiVersion;
    private final Secret apiKey;
    private final List<Header> headers;
    private final HttpTransport http;
    /** The URI of each deployment's operation, built once: a handful, each asked for on every call. */
    private final Map<String, URI> uris = new ConcurrentHashMap<>();

    AzureEndpoint(String provider, URI baseUrl, Secret apiKey, String apiVersion, HttpTransport http) {
        this.provider = provider;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.apiVersion = apiVersion;
        this.headers = List.of(new Header("api-key", apiKey.reveal()));
        this.http = http;
    }

    /** {@code {base_url}/openai/deployments/{deployment}/{operation}?api-version={version}}. */
    URI uri(String deployment, String operationPath) {
        return uris.computeIfAbsent(deployment + " " + operationPath, k -> URI.create(baseUrl + "/openai/deployments/"
                + URLEncoder.encode(deployment, StandardCharsets.UTF_8).replace("+", "%20") + "/" + operationPath
                + "?api-version=" + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8)));
    }

    /**
     * POSTs to a deployment's operation.
     *
     * @param contentType the content type the client gets (the requested format's, whatever Azure says)
     */
    MediaResponse post(String deployment, String operationPath, RequestBody body, CallContext call, String contentType) {
        UpstreamRequest request = new UpstreamRequest("POST", uri(deployment, operationPath), headers, body,
                call.timeout(), call.idleTimeout());
        UpstreamResponse response;
        try {
            response = http.send(request);
        } catch (SocketTimeoutException e) {
            throw ProviderException.timedOut("Provider '" + provider + "' did not answer within "
                    + call.timeout().toMillis() + " ms", e);
        } catch (IOException e) {
            throw ProviderException.failed("Provider '" + provider + "' could not be reached: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + redacted(e.getMessage()) + ")"),
                    null);
        }
        int status = response.status();
        if (status >= 200 && status < 300) {
            long length = response.header("content-length").map(AzureEndpoint::parseLong).orElse(-1L);
            return new MediaResponse(answeredType(contentType, response), length, new ClosingStream(response));
        }
        try (response) {
            throw error(status, response);
        }
    }

    /** As the openai provider: whisper deployments answer a stream request with plain JSON. */
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
        String innerCode = null;
        try (InputStream in = response.body()) {
            JsonNode error = JSON.readTree(in.readNBytes(MAX_ERROR_BODY)).path("error");
            if (error.isObject()) {
                message = text(error.get("message"));
                param = text(error.get("param"));
                code = text(error.get("code"));
                innerCode = text(error.path("inner_error").get("code"));
            }
        } catch (IOException | RuntimeException e) {
            // Not Azure's error JSON (a gateway's HTML page, say): the status says enough.
        }
        if (status == 401 || status == 403) {
            // "Access denied due to invalid subscription key or wrong API endpoint": Prism's configuration.
            return ProviderException.credentialsRefused(provider, status, code);
        }
        if (status == 404) {
            if ("DeploymentNotFound".equals(code)) {
                return ProviderException.modelRefused(provider, status, code);
            }
            // "Resource not found": the base URL or the api-version does not serve this operation. Prism's too.
            return ProviderException.builder(ErrorKind.UPSTREAM_CONFIG, "Provider '" + provider
                    + "' has no such operation at its base_url with api-version " + apiVersion + " (HTTP 404)")
                    .upstreamStatus(status).build();
        }
        if (status == 400 && (CONTENT_FILTER_CODES.contains(code) || CONTENT_FILTER_CODES.contains(innerCode))) {
            // The client's prompt, refused by Azure's content filter: OpenAI's code for the same refusal.
            return ProviderException.fromStatus(provider, status, redacted(message), param, "content_policy_violation",
                    null);
        }
        return ProviderException.fromStatus(provider, status, redacted(message), param, code,
                OpenAiWire.retryAfter(response).orElse(null));
    }

    /** Azure's messages do not quote the key; if one ever does, it goes no further. */
    private String redacted(String text) {
        return text == null ? null : text.replace(apiKey.reveal(), "[api key]");
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
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
