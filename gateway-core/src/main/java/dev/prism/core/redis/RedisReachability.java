package dev.prism.core.redis;

import dev.prism.core.config.RedisSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a Redis address takes connections: its name looked up, then a plain TCP connect within
 * {@code redis.timeout}. For the start-up checks of every Redis user: a client library's first
 * connection on a cold JVM takes far longer than the timeout, so it cannot tell a wrong address
 * from a slow start; a socket's connect timeout counts the connect alone.
 */
public final class RedisReachability {
    private RedisReachability() {}

    /** Why {@code redis}'s address takes no connection, or empty when it does. */
    public static Optional<String> problem(RedisSettings redis) {
        URI uri = URI.create(redis.url());
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        Duration timeout = redis.timeout();
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("unknown host " + host);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) Math.clamp(timeout.toMillis(), 1, Integer.MAX_VALUE));
            return Optional.empty();
        } catch (SocketTimeoutException e) {
            return Optional.of("no connection within " + timeout.toMillis() + "ms");
        } catch (ConnectException e) {
            return Optional.of(e.getMessage() == null ? "connection refused" : e.getMessage().toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
