package dev.prism.http.failover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** A port of 127.0.0.1 nothing listens on: connecting to it is refused. */
final class ClosedPort {
    private ClosedPort() {}

    /** An API root on a port that was free a moment ago and is closed now. */
    static String baseUrl() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
