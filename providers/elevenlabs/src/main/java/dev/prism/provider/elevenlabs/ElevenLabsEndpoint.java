package dev.prism.provider.elevenlabs;

import dev.prism.api.Secret;
import dev.prism.spi.CallContext;
import dev.prism.spi.HttpTransport;
import dev.prism.spi.ProviderException;
import dev.prism.spi.RequestBody;
import dev.prism.spi.UpstreamRequest;
import dev.prism.spi.UpstreamRequest.Header;
import dev.prism.spi.UpstreamResponse;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.List;

/** One ElevenLabs host: sends a request with {@code xi-api-key}; an error status becomes a {@link ProviderException}. */
final class ElevenLabsEndpoint {
    private final String provider;
    private final URI baseUrl;
    private final List<Header> headers;
    private final HttpTransport http;

    ElevenLabsEndpoint(String provider, URI baseUrl, Secret apiKey, HttpTransport http) {
        this.provider = provider;
        this.baseUrl = baseUrl;
        this.headers = List.of(new Header("xi-api-key", apiKey.reveal()));
        this.http = http;
    }

    /**
     * POSTs to {@code pathAndQuery} (already encoded) and returns a 2xx answer for the caller to close.
     *
     * @param errors reads an error answer into the exception to throw
     */
    UpstreamResponse post(String pathAndQuery, RequestBody body, CallContext call, ElevenLabsErrors errors) {
        UpstreamRequest request = new UpstreamRequest("POST", URI.create(baseUrl + pathAndQuery), headers, body,
                call.timeout(), call.idleTimeout());
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
        if (response.status() >= 200 && response.status() < 300) {
            return response;
        }
        try (response) {
            throw errors.read(response);
        }
    }
}
