package dev.prism.spi;

import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * Prism's HTTP client, lent to providers so that every upstream call shares one pool, one set of
 * timeouts and one place to observe it. It is a port: the host implements it with its own client.
 */
public interface HttpTransport {
    /**
     * Sends the request and returns once the response headers arrived; the body is then read as it
     * comes. The caller must close the response.
     *
     * @throws SocketTimeoutException when no answer came within {@link UpstreamRequest#timeout()}
     * @throws IOException when the connection failed (refused, reset, closed)
     */
    UpstreamResponse send(UpstreamRequest request) throws IOException;
}
