package dev.prism.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A {@code redis-server} of the test's own on a free loopback port, without persistence, that the
 * test may stop (abruptly, as a crash would) and start again on the same port. Without the binary
 * the test is skipped with the reason, or fails when {@code PRISM_REQUIRE_SERVICES=true} (CI).
 */
public final class LocalRedisServer implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(20);

    private final Path binary;
    private final int port;
    private Process process;

    private LocalRedisServer(Path binary, int port) {
        this.binary = binary;
        this.port = port;
    }

    /** Starts one on a free port and waits until it answers PING. */
    public static LocalRedisServer start() {
        Optional<Path> binary = findBinary();
        if (binary.isEmpty()) {
            String why = "no redis-server binary on the PATH (apt-get install redis-server)";
            if ("true".equals(System.getenv("PRISM_REQUIRE_SERVICES"))) {
                Assertions.fail("redis-server is required here (PRISM_REQUIRE_SERVICES=true) but there is " + why);
            }
            Assumptions.abort("Redis outage tests skipped: " + why);
        }
        LocalRedisServer server = new LocalRedisServer(binary.get(), freePort());
        server.startAgain();
        return server;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills the server as a crash would (SIGKILL) and waits until it is gone. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("redis-server on port " + port + " did not die");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            process = null;
        }
    }

    /** Starts the server (again) on the same port and waits until it answers PING. */
    public void startAgain() {
        try {
            process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (!answersPing()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited with " + process.exitValue());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server on port " + port + " not ready within " + READY_WITHIN);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Override
    public void close() {
        kill();
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> findBinary() {
        String path = System.getenv().getOrDefault("PATH", "") + java.io.File.pathSeparator + "/usr/bin"
                + java.io.File.pathSeparator + "/usr/local/bin";
        return Stream.of(path.split(java.io.File.pathSeparator)).filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "redis-server")).filter(Files::isExecutable).findFirst();
    }
}
