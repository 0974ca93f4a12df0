package dev.prism.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** One exchange of the fake, as {@link Answer}s write to it. */
final class UpstreamExchange {
    private final HttpExchange exchange;
    private final String root;
    private final CountDownLatch closing;

    UpstreamExchange(HttpExchange exchange, String root, CountDownLatch closing) {
        this.exchange = exchange;
        this.root = root;
        this.closing = closing;
    }

    /** The fake's address without a path, such as {@code http://127.0.0.1:4711}. */
    String root() {
        return root;
    }

    void header(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    void send(int status, String contentType, byte[] body) throws IOException {
        header("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    OutputStream startChunked(int status, String contentType) throws IOException {
        header("Content-Type", contentType);
        exchange.sendResponseHeaders(status, 0);
        return exchange.getResponseBody();
    }

    OutputStream startFixed(int status, String contentType, long length) throws IOException {
        header("Content-Type", contentType);
        exchange.sendResponseHeaders(status, length);
        return exchange.getResponseBody();
    }

    /** Waits for {@code limit}, or less when the fake is being closed. */
    void awaitClose(Duration limit) {
        try {
            closing.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
