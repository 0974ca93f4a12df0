package dev.prism.http;

import io.helidon.common.socket.HelidonSocket;
import io.helidon.http.Headers;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Notices a client that goes away while its request waits for the upstream's first byte, and gives
 * up the wait at once: the waiting thread is interrupted (which closes the upstream socket it is
 * blocked on and cancels the call, see {@code CallCancelled}), the request ends, and what it held
 * (its spooled upload) is released, instead of all of it lingering until the upstream answers.
 *
 * <p>A blocked handler reads nothing from its client, so nothing would notice the client leaving.
 * Helidon's sockets can watch themselves: {@link HelidonSocket#idle()} starts a read of one byte on
 * a thread of its own, which ends the moment the client closes its connection (then
 * {@link HelidonSocket#isConnected()} turns false) and otherwise keeps the byte for the
 * connection's next read. Helidon shows the socket only to connection listeners, on the thread that
 * then runs the handler: {@link #connectionCapture()} remembers it there.
 *
 * <p>That read cannot be called off: it ends only when the client sends or closes. So the watch
 * starts only after {@link #GRACE} (an answer that starts sooner keeps its connection alive as
 * usual), and a request that was watched answers with {@code Connection: close} and ends its
 * connection, leaving no read behind on an idle keep-alive connection.
 *
 * <p>A client that closes only its sending side (a half-close) is taken as gone, as reverse proxies
 * do. HTTP/2 requests are not watched.
 */
final class ClientDisconnectWatch {
    private static final System.Logger LOG = System.getLogger(ClientDisconnectWatch.class.getName());

    /** How long a request waits before its connection is watched. */
    static final Duration GRACE = Duration.ofSeconds(1);
    /** How often a watched connection is looked at; also how often a thread that ignored its interrupt gets another. */
    static final Duration POLL = Duration.ofMillis(50);

    private static final ThreadLocal<ConnectionContext> CONNECTION = new ThreadLocal<>();
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("prism-client-watch").daemon().factory());

    private ClientDisconnectWatch() {}

    /**
     * A listener for the server's HTTP/1 connections: it runs on the connection's thread before
     * each request is routed, the thread the handler then runs on.
     */
    static Http1ConnectionListener connectionCapture() {
        return new Http1ConnectionListener() {
            @Override
            public void headers(ConnectionContext ctx, Headers headers) {
                CONNECTION.set(ctx);
            }
        };
    }

    /**
     * Runs {@code waiting} (the wait for the upstream) while watching the client's connection.
     *
     * @return what {@code waiting} returned, when the client is still there
     * @throws CloseConnectionException when the client went away meanwhile: the connection is
     *     dropped, nothing is sent, and whatever {@code waiting} returned is closed
     */
    static <T extends AutoCloseable> T whileWaiting(ServerRequest req, ServerResponse res, String requestId,
            Supplier<T> waiting) {
        HelidonSocket socket = socketOf(req);
        if (socket == null) {
            return waiting.get();
        }
        Watch watch = new Watch(socket, Thread.currentThread());
        T result;
        try {
            result = waiting.get();
        } catch (RuntimeException | Error e) {
            if (watch.stop(res) == Outcome.CLIENT_GONE) {
                throw clientGone(requestId, e);
            }
            throw e;
        }
        if (watch.stop(res) == Outcome.CLIENT_GONE) {
            closeQuietly(result);
            throw clientGone(requestId, null);
        }
        return result;
    }

    private static HelidonSocket socketOf(ServerRequest req) {
        ConnectionContext ctx = CONNECTION.get();
        if (ctx == null || !ctx.childSocketId().equals(req.socketId()) || !ctx.socketId().equals(req.serverSocketId())) {
            return null;
        }
        try {
            return ctx.serverSocket();
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    private static CloseConnectionException clientGone(String requestId, Throwable cause) {
        LOG.log(System.Logger.Level.INFO, "Request {0}: the client went away while waiting for the upstream; "
                + "the upstream call was cancelled", requestId);
        return new CloseConnectionException("client went away while waiting for the upstream",
                cause == null ? new IllegalStateException("client went away") : cause);
    }

    private static void closeQuietly(AutoCloseable result) {
        if (result != null) {
            try {
                result.close();
            } catch (Exception e) {
                // Dropped either way.
            }
        }
    }

    /** How a watched wait ended. */
    enum Outcome {
        /** The answer came within the grace period: the connection was never watched. */
        NOT_WATCHED,
        /** The connection was watched and the client stayed. */
        WATCHED,
        /** The client went away; the waiting thread was interrupted. */
        CLIENT_GONE
    }

    /**
     * One request's watch. Its state changes under its lock, so the waiting thread is interrupted
     * only while it still waits, and sees the socket as the timer left it (Helidon's idle read is
     * started on the timer's thread and ended on the connection's).
     */
    private static final class Watch implements Runnable {
        private enum State { WAITING, WATCHING, GONE, STOPPED }

        private final HelidonSocket socket;
        private final Thread waiter;
        private final ScheduledFuture<?> ticks;
        private State state = State.WAITING;

        Watch(HelidonSocket socket, Thread waiter) {
            this.socket = socket;
            this.waiter = waiter;
            this.ticks = TIMER.scheduleWithFixedDelay(this, GRACE.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public synchronized void run() {
            switch (state) {
                case WAITING -> {
                    socket.idle();
                    state = State.WATCHING;
                }
                case WATCHING -> {
                    if (!socket.isConnected()) {
                        state = State.GONE;
                        waiter.interrupt();
                    }
                }
                // Until the waiter stops waiting: code that swallowed the last interrupt gets another.
                case GONE -> waiter.interrupt();
                case STOPPED -> ticks.cancel(false);
            }
        }

        /**
         * Ends the watch; called by the waiting thread, whose interrupt (if the client left) it
         * clears. A watched connection is closed after the response: the watch's read may still be
         * pending, and must not be left behind on a connection waiting idle for another request.
         */
        synchronized Outcome stop(ServerResponse res) {
            ticks.cancel(false);
            State last = state;
            state = State.STOPPED;
            return switch (last) {
                case WAITING -> Outcome.NOT_WATCHED;
                case WATCHING -> {
                    res.header(HeaderValues.CONNECTION_CLOSE);
                    // Helidon 4.1 keeps reading a connection after a response that said close: close it ourselves.
                    res.whenSent(socket::close);
                    yield Outcome.WATCHED;
                }
                case GONE -> {
                    Thread.interrupted();
                    yield Outcome.CLIENT_GONE;
                }
                case STOPPED -> throw new IllegalStateException("stopped twice");
            };
        }
    }
}
