package dev.prism.http;

import dev.prism.spi.HttpTransport;
import dev.prism.spi.RequestBody;
import dev.prism.spi.UpstreamRequest;
import dev.prism.spi.UpstreamResponse;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The upstream HTTP client of the SPI, on Helidon's WebClient: one client for every provider, keeping
 * connections alive for requests whose timeout is one of the configured ones.
 */
final class HelidonHttpTransport implements HttpTransport {
    private final WebClient client;
    private final Set<Duration> keepAliveTimeouts;

    /**
     * @param keepAliveTimeouts the timeouts of the configured providers: requests with one of them reuse
     *     connections; others (timeouts cut short by a deadline) get a connection of their own, closed after
     */
    HelidonHttpTransport(Duration connectTimeout, Set<Duration> keepAliveTimeouts) {
        this.keepAliveTimeouts = Set.copyOf(keepAliveTimeouts);
        this.client = WebClient.builder()
                .followRedirects(false)
                // Uploads go out at once: waiting for 100-Continue costs a round trip (a second, with
                // servers that never send it) on every transcription.
                .sendExpectContinue(false)
                // A request goes out as headers, then body: without it the body can wait for the upstream's
                // delayed ACK, about 40 ms on Linux, on every call.
                .socketOptions(s -> s.connectTimeout(connectTimeout).tcpNoDelay(true))
                .build();
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) throws IOException {
        HttpClientRequest call = client.method(Method.create(request.method()))
                .uri(request.uri())
                .readTimeout(readTimeout(request.timeout()))
                // Helidon pools keep-alive connections by read timeout (an idle connection is watched by a
                // read started with its last timeout, which the next request inherits). Timeouts cut short
                // by a deadline nearly all differ: pooled, each would open a connection parked in a pool of
                // its own, never reused nor closed.
                .keepAlive(keepAliveTimeouts.contains(request.timeout()));
        request.headers().forEach(h -> call.header(HeaderNames.create(h.name()), h.value()));
        RequestBody body = request.body();
        try {
            HttpClientResponse response;
            if (body == null) {
                response = call.request();
            } else {
                call.header(HeaderNames.CONTENT_TYPE, body.contentType());
                if (body.length() >= 0) {
                    call.header(HeaderNames.CONTENT_LENGTH, Long.toString(body.length()));
                }
                response = call.outputStream(out -> {
                    body.writeTo(out);
                    out.close();
                });
            }
            return new Response(response);
        } catch (RuntimeException e) {
            throw asIoException(e);
        }
    }

    /**
     * Helidon hands the timeout to {@code Socket.setSoTimeout} in whole milliseconds, where 0 means
     * forever: an attempt with less than a millisecond left before its deadline must still time out.
     */
    static Duration readTimeout(Duration timeout) {
        return timeout.toMillis() < 1 ? Duration.ofMillis(1) : timeout;
    }

    /** Helidon reports socket failures as unchecked exceptions; the SPI promises IOExceptions. */
    static IOException asIoException(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }

    private static final class Response implements UpstreamResponse {
        private final HttpClientResponse response;
        private final InputStream body;

        Response(HttpClientResponse response) {
            this.response = response;
            this.body = new CheckedInputStream(response.inputStream());
        }

        @Override
        public int status() {
            return response.status().code();
        }

        @Override
        public Optional<String> header(String name) {
            return response.headers().first(HeaderNames.create(name));
        }

        @Override
        public InputStream body() {
            return body;
        }

        @Override
        public void close() {
            try {
                response.close();
            } catch (RuntimeException e) {
                // The connection is dropped either way.
            }
        }
    }

    /** Turns Helidon's unchecked read failures into the IOExceptions stream readers expect. */
    private static final class CheckedInputStream extends InputStream {
        private final InputStream in;

        CheckedInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (RuntimeException e) {
                throw asIoException(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (UncheckedIOException e) {
                throw e.getCause() instanceof SocketTimeoutException t ? t : e.getCause();
            } catch (RuntimeException e) {
                throw asIoException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } catch (RuntimeException e) {
                // Closing a broken stream.
            }
        }
    }
}
