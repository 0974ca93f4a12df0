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

/** The upstream HTTP client of the SPI, on Helidon's WebClient: one pooled client for every provider. */
final class HelidonHttpTransport implements HttpTransport {
    private final WebClient client;

    HelidonHttpTransport(Duration connectTimeout) {
        this.client = WebClient.builder()
                .followRedirects(false)
                // Uploads go out at once: waiting for 100-Continue costs a round trip (a second, with
                // servers that never send it) on every transcription.
                .sendExpectContinue(false)
                .socketOptions(s -> s.connectTimeout(connectTimeout))
                .build();
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) throws IOException {
        HttpClientRequest call = client.method(Method.create(request.method()))
                .uri(request.uri())
                .readTimeout(request.timeout());
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
