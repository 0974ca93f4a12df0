package dev.prism.http;

import dev.prism.core.telemetry.CallTracer;
import dev.prism.spi.HttpTransport;
import dev.prism.spi.RequestBody;
import dev.prism.spi.UpstreamRequest;
import dev.prism.spi.UpstreamResponse;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.ClientConnection;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.api.WebClientServiceResponse;
import io.helidon.webclient.spi.WebClientService;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The upstream HTTP client of the SPI, on Helidon's WebClient: one client for every provider, keeping
 * connections alive for requests whose timeout is one of the configured ones.
 */
final class HelidonHttpTransport implements HttpTransport {
    /**
     * The connection of the request this thread is sending. Helidon's blocking client runs its
     * services on the caller's thread and exposes the connection only to them; the transport needs
     * it to relax the read timeout once an answer has started ({@link UpstreamRequest#idleTimeout()}).
     */
    private static final ThreadLocal<ClientConnection> CURRENT_CONNECTION = new ThreadLocal<>();
    /**
     * The connections that carried an answer, weakly held. A thread interrupted (its caller gave up)
     * while it waits on a reused keep-alive connection wakes in Helidon's idle-connection monitor,
     * not on the socket: the monitor goes on reading, the socket stays open and the connection is
     * neither pooled nor closed. Such a connection is the one whose monitor gave up on it
     * ({@code isConnected()} false while its socket is open): {@link #closeAbandonedConnections()}
     * closes it, so the upstream sees the call end.
     */
    private static final Set<ClientConnection> ANSWERED =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private static final WebClientService CONNECTION_CAPTURE = (chain, request) -> {
        WebClientServiceResponse response = chain.proceed(request);
        if (response.connection() instanceof ClientConnection connection) {
            CURRENT_CONNECTION.set(connection);
            ANSWERED.add(connection);
        }
        return response;
    };

    private static final ScheduledExecutorService ALARMS = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("prism-upstream-alarm").daemon().factory());

    /**
     * Built once, off the start-up path: with its TLS context (the JDK's trust store read and parsed)
     * it takes a few hundred milliseconds of one core, which no gateway needs before it listens.
     * {@link #prepareInBackground()} builds it once the gateway is up; a call that comes first builds
     * it itself, or waits for the build under way.
     */
    private final FutureTask<WebClient> client;
    private final Set<Duration> keepAliveTimeouts;
    private final Duration connectTimeout;

    /**
     * @param keepAliveTimeouts the timeouts of the configured providers: requests with one of them reuse
     *     connections; others (timeouts cut short by a deadline) get a connection of their own, closed after
     */
    HelidonHttpTransport(Duration connectTimeout, Set<Duration> keepAliveTimeouts) {
        this.keepAliveTimeouts = Set.copyOf(keepAliveTimeouts);
        this.connectTimeout = connectTimeout;
        this.client = new FutureTask<>(() -> WebClient.builder()
                .followRedirects(false)
                // Uploads go out at once: waiting for 100-Continue costs a round trip (a second, with
                // servers that never send it) on every transcription.
                .sendExpectContinue(false)
                // A request goes out as headers, then body: without it the body can wait for the upstream's
                // delayed ACK, about 40 ms on Linux, on every call.
                .socketOptions(s -> s.connectTimeout(connectTimeout).tcpNoDelay(true))
                .addService(CONNECTION_CAPTURE)
                .build());
    }

    /** Builds the client on a thread of its own, unless a call already did or is doing it. */
    void prepareInBackground() {
        Thread.ofPlatform().name("prism-http-client-setup").daemon().start(client);
    }

    private WebClient client() {
        // Runs the build here unless it ran or is running elsewhere; then waits for it.
        client.run();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return client.get();
                } catch (InterruptedException e) {
                    // The build finishes either way; the caller's interrupt is kept for its own wait.
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) throws IOException {
        HttpClientRequest call = client().method(Method.create(request.method()))
                .uri(request.uri())
                .readTimeout(readTimeout(request.timeout()))
                // Helidon pools keep-alive connections by read timeout (an idle connection is watched by a
                // read started with its last timeout, which the next request inherits). Timeouts cut short
                // by a deadline nearly all differ: pooled, each would open a connection parked in a pool of
                // its own, never reused nor closed.
                .keepAlive(keepAliveTimeouts.contains(request.timeout()));
        request.headers().forEach(h -> call.header(HeaderNames.create(h.name()), h.value()));
        traced(call, request);
        RequestBody body = request.body();
        CURRENT_CONNECTION.remove();
        Alarm alarm = Alarm.armIfNeeded(request.timeout(), connectTimeout);
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
            return new Response(response, CURRENT_CONNECTION.get(), readTimeout(request.timeout()),
                    readTimeout(request.idleTimeout()));
        } catch (RuntimeException e) {
            if (alarm != null && alarm.rang()) {
                throw new SocketTimeoutException("no answer within " + request.timeout().toMillis() + " ms");
            }
            if (causedByInterrupt(e)) {
                // Helidon's connection monitor took the interrupt and cleared it: keep it for the caller to see.
                Thread.currentThread().interrupt();
            }
            if (Thread.currentThread().isInterrupted()) {
                closeAbandonedConnections();
            }
            throw asIoException(e);
        } finally {
            CURRENT_CONNECTION.remove();
            if (alarm != null) {
                alarm.disarm();
            }
        }
    }

    /**
     * The attempt's trace context goes with its request ({@code traceparent}, {@code tracestate}):
     * the provider sends from the attempt's thread, where the dispatch made the attempt's span current.
     */
    private static void traced(HttpClientRequest call, UpstreamRequest request) {
        Context current = Context.current();
        if (!Span.fromContext(current).getSpanContext().isValid()) {
            return;
        }
        TraceHeaders.toUpstream(current, call);
        URI uri = request.uri();
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        CallTracer.sending(request.method(), uri.getHost(), port);
    }

    private static boolean causedByInterrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** Closes the connections whose idle monitor gave up on them (see {@link #ANSWERED}). */
    private static void closeAbandonedConnections() {
        List<ClientConnection> known;
        synchronized (ANSWERED) {
            known = List.copyOf(ANSWERED);
        }
        for (ClientConnection connection : known) {
            if (!connection.helidonSocket().isConnected()) {
                ANSWERED.remove(connection);
                try {
                    connection.closeResource();
                } catch (RuntimeException e) {
                    // Closed either way.
                }
            }
        }
    }

    /**
     * Helidon hands the timeout to {@code Socket.setSoTimeout} in whole milliseconds, where 0 means
     * forever: an attempt with less than a millisecond left before its deadline must still time out.
     */
    static Duration readTimeout(Duration timeout) {
        return timeout.toMillis() < 1 ? Duration.ofMillis(1) : timeout;
    }

    /**
     * Bounds the whole wait for an answer, connecting included, when the attempt has less time than
     * the client's connect timeout (a deadline cut it short). Helidon's connect timeout is one per
     * client; a host that drops connection attempts would otherwise hold the request past its
     * deadline. It interrupts the waiting thread: a virtual thread blocked on a socket is woken by
     * closing that socket, and that is all an interrupt does here.
     */
    private static final class Alarm {
        private static final int WAITING = 0;
        private static final int DONE = 1;
        private static final int RANG = 2;

        private final AtomicInteger state = new AtomicInteger(WAITING);
        private final ScheduledFuture<?> timer;

        private Alarm(Thread caller, Duration after) {
            this.timer = ALARMS.schedule(() -> {
                if (state.compareAndSet(WAITING, RANG)) {
                    caller.interrupt();
                }
            }, Math.max(1, after.toMillis()), TimeUnit.MILLISECONDS);
        }

        /** An alarm for this thread, or null when the connect timeout already fits or the thread cannot be woken. */
        static Alarm armIfNeeded(Duration timeout, Duration connectTimeout) {
            Thread caller = Thread.currentThread();
            return timeout.compareTo(connectTimeout) < 0 && caller.isVirtual() ? new Alarm(caller, timeout) : null;
        }

        boolean rang() {
            return state.get() == RANG;
        }

        void disarm() {
            timer.cancel(false);
            if (!state.compareAndSet(WAITING, DONE)) {
                // It rang: do not leave the interrupt behind for whatever this thread does next.
                Thread.interrupted();
            }
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
        private final ClientConnection connection;
        private final Duration timeout;
        private final Duration idleTimeout;
        private volatile boolean relaxed;

        /** @param connection the response's connection, or null when Helidon did not show it */
        Response(HttpClientResponse response, ClientConnection connection, Duration timeout, Duration idleTimeout) {
            this.response = response;
            this.connection = connection;
            this.timeout = timeout;
            this.idleTimeout = idleTimeout;
            this.body = new CheckedInputStream(response.inputStream(), this::started);
        }

        /** The first body byte arrived: from now on reads wait as long as the idle timeout allows. */
        private void started() {
            if (!relaxed && connection != null && !idleTimeout.equals(timeout)) {
                relaxed = true;
                connection.readTimeout(idleTimeout);
            }
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
                if (relaxed) {
                    // A pooled connection goes back as it came: the next request's idle watch inherits it.
                    connection.readTimeout(timeout);
                }
                response.close();
            } catch (RuntimeException e) {
                // The connection is dropped either way.
            }
        }
    }

    /** Turns Helidon's unchecked read failures into the IOExceptions stream readers expect. */
    private static final class CheckedInputStream extends InputStream {
        private final InputStream in;
        private final Runnable onFirstByte;
        private boolean started;

        CheckedInputStream(InputStream in, Runnable onFirstByte) {
            this.in = in;
            this.onFirstByte = onFirstByte;
        }

        private int arrived(int n) {
            if (!started && n > 0) {
                started = true;
                onFirstByte.run();
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = in.read();
                arrived(b < 0 ? -1 : 1);
                return b;
            } catch (RuntimeException e) {
                throw asIoException(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return arrived(in.read(b, off, len));
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
