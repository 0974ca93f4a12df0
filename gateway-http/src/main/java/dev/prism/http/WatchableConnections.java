package dev.prism.http;

import io.helidon.common.socket.SocketOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The options of the server's client connections, set so that {@link ClientDisconnectWatch} can
 * tell a client that left from one that is only waiting.
 *
 * <p>Helidon (4.5) watches a connection with a read that wakes every 101 ms, and gives up after as
 * many wakes as fit in the socket's read timeout, then reports the connection closed. Its accepted
 * sockets have no read timeout at all, which leaves one wake: every client waiting more than a
 * tenth of a second would look gone. So accepted sockets get {@link #READ_TIMEOUT}: long enough to
 * outlast any upstream wait, and also the longest a client may stay silent in the middle of a
 * request or on an idle connection (before, there was no bound at all).
 */
final class WatchableConnections implements SocketOptions {
    /** How long a client connection may stay silent; also how long a waiting client can be watched. */
    static final Duration READ_TIMEOUT = Duration.ofHours(1);

    private final SocketOptions options;

    private WatchableConnections(SocketOptions options) {
        this.options = options;
    }

    /** The server's connection options: no delayed small writes, and {@link #READ_TIMEOUT}. */
    static SocketOptions create() {
        return new WatchableConnections(SocketOptions.builder().tcpNoDelay(true).readTimeout(READ_TIMEOUT).build());
    }

    @Override
    public void configureSocket(SocketChannel channel) {
        options.configureSocket(channel);
        try {
            // A channel's own reads ignore SO_TIMEOUT; Helidon's plain sockets read through this adaptor, which honours it.
            channel.socket().setSoTimeout(Math.toIntExact(READ_TIMEOUT.toMillis()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void configureSocket(java.net.Socket socket) {
        options.configureSocket(socket);
    }

    @Override
    public Map<SocketOption<?>, Object> socketOptions() {
        return options.socketOptions();
    }

    @Override
    public Duration connectTimeout() {
        return options.connectTimeout();
    }

    @Override
    public Duration readTimeout() {
        return options.readTimeout();
    }

    @Override
    public Optional<Integer> socketReceiveBufferSize() {
        return options.socketReceiveBufferSize();
    }

    @Override
    public Optional<Integer> socketSendBufferSize() {
        return options.socketSendBufferSize();
    }

    @Override
    public boolean socketReuseAddress() {
        return options.socketReuseAddress();
    }

    @Override
    public boolean socketKeepAlive() {
        return options.socketKeepAlive();
    }

    @Override
    public boolean tcpNoDelay() {
        return options.tcpNoDelay();
    }
}
