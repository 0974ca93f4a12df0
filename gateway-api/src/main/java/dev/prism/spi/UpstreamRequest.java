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
 * @param timeout how long to wait for the response to start: its headers and first body byte
 * @param idleTimeout after the first body byte, how long a read may wait for more
 */
public record UpstreamRequest(String method, URI uri, List<Header> headers, RequestBody body, Duration timeout,
        Duration idleTimeout) {
    public UpstreamRequest {
        Objects.requireNonNull(method, "method is null");
        Objects.requireNonNull(uri, "uri is null");
        Objects.requireNonNull(timeout, "timeout is null");
        Objects.requireNonNull(idleTimeout, "idleTimeout is null");
        headers = List.copyOf(headers);
    }

    /** A request whose response may pause as long as it may take to start. */
    public UpstreamRequest(String method, URI uri, List<Header> headers, RequestBody body, Duration timeout) {
        this(method, uri, headers, body, timeout, timeout);
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
