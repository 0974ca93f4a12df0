package dev.prism.http.failover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A port whose connections never complete, like a host that drops packets: a listening socket that
 * never accepts, its accept queue filled, so that the kernel drops every further SYN (Linux).
 */
final class UnansweredPort implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> fillers = new ArrayList<>();

    private UnansweredPort() throws IOException {
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        for (int i = 0; i < 16; i++) {
            Socket filler = new Socket();
            try {
                filler.connect(listener.getLocalSocketAddress(), 200);
                fillers.add(filler);
            } catch (SocketTimeoutException e) {
                filler.close();
                return; // The queue is full: connections to the port now hang.
            }
        }
        throw new IllegalStateException("the accept queue never filled");
    }

    static UnansweredPort open() {
        try {
            return new UnansweredPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + listener.getLocalPort() + "/v1";
    }

    @Override
    public void close() throws IOException {
        for (Socket filler : fillers) {
            filler.close();
        }
        listener.close();
    }
}
