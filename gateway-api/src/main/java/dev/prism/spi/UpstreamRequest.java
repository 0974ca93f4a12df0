package dev.prism.spi;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An HTTP request to an upstream.
 *
 * @param headers name and value pairs, in order; a name may repeat
 * @param body the body, or null for none
 * @param timeout how long to wait for the response to start and, after that, between reads
 */
public record UpstreamRequest(String method, URI uri, List<Header> headers, RequestBody body, Duration timeout) {
    public UpstreamRequest {
        Objects.requireNonNull(method, "method is null");
        Objects.requireNonNull(uri, "uri is null");
        Objects.requireNonNull(timeout, "timeout is null");
        headers = List.copyOf(headers);
    }

    /** One header line. Its {@code toString} hides values of credential headers. */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(value, "value is null");
        }

        @Override
        public String toString() {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            boolean secret = lower.equals("authorization") || lower.contains("key") || lower.contains("token");
            return name + ": " + (secret ? "****" : value);
        }
    }
}
