package dev.prism.provider.stability;

import dev.prism.spi.HttpTransport;
import dev.prism.spi.UpstreamRequest;
import dev.prism.spi.UpstreamResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * The host's HTTP port on the JDK's client: enough to run the provider against a fake upstream
 * over a real socket, without the gateway. The body is read as it arrives.
 */
final class JdkHttpTransport implements HttpTransport, AutoCloseable {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Override
    public UpstreamResponse send(UpstreamRequest request) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(request.timeout());
        request.headers().forEach(h -> builder.header(h.name(), h.value()));
        if (request.body() == null) {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            request.body().writeTo(body);
            builder.header("Content-Type", request.body().contentType());
            builder.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        return new UpstreamResponse() {
            @Override
            public int status() {
                return response.statusCode();
            }

            @Override
            public Optional<String> header(String name) {
                return response.headers().firstValue(name);
            }

            @Override
            public InputStream body() {
                return response.body();
            }

            @Override
            public void close() {
                try {
                    response.body().close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    @Override
    public void close() {
        client.shutdownNow(); // close() would wait for any answer a failed test left unread
    }
}
