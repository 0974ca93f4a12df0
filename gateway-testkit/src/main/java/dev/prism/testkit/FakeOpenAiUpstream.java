package dev.prism.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A faithful fake of OpenAI's media API on a real socket ({@code 127.0.0.1}, a free port), for
 * tests of anything that calls OpenAI: it records every request whole and answers like OpenAI
 * (speech bytes, transcripts in every {@code response_format}, images, models, event streams,
 * error envelopes), unless the test scripts another {@link Answer} for a path.
 *
 * <pre>{@code
 * try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start()) {
 *     upstream.next("/audio/speech", Answer.error(500, "The server had an error"));
 *     // ... call the code under test with upstream.baseUrl() ...
 *     assertThat(upstream.requests("/audio/speech")).hasSize(1);
 * }
 * }</pre>
 *
 * <p>Paths are below the API root: {@code /audio/speech}, not {@code /v1/audio/speech}. Every
 * answer carries the fake's own {@code x-request-id} ({@code req_upstream_N}). Thread-safe;
 * each request is handled on its own virtual thread.
 */
public final class FakeOpenAiUpstream implements AutoCloseable {
    /** What default transcriptions say. */
    public static final String TRANSCRIPT_TEXT = "The quick brown fox jumps over the lazy dog.";
    /** What default translations say. */
    public static final String TRANSLATION_TEXT = "Hello, this is the translated text.";
    /** The models {@code GET /models} lists. */
    public static final List<String> MODELS = List.of("tts-1", "tts-1-hd", "gpt-4o-mini-tts", "whisper-1",
            "gpt-4o-transcribe", "gpt-4o-mini-transcribe", "dall-e-2", "dall-e-3", "gpt-image-1");
    /** The image default image answers carry: a 1x1 PNG, base64. */
    public static final String PNG_BASE64 =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP438AAAAQBAYDFKhhdAAAAAElFTkSuQmCC";
    static final byte[] PNG = Base64.getDecoder().decode(PNG_BASE64);

    private final HttpServer server;
    private final ExecutorService executor;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> scripted = new java.util.HashMap<>();
    private final Map<String, Answer> standing = new ConcurrentHashMap<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final Set<java.net.InetSocketAddress> clients = ConcurrentHashMap.newKeySet();
    private final String root;

    private FakeOpenAiUpstream(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.root = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static {
        // The JDK's server writes a response's headers and body separately; with Nagle's algorithm on, the
        // body then waits for the client's delayed ACK (about 40 ms on Linux) on every answer. Read once,
        // when the JDK's first HttpServer starts; a value the test run sets itself wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Starts a fake on a free port of 127.0.0.1. */
    public static FakeOpenAiUpstream start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake upstream", e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        FakeOpenAiUpstream fake = new FakeOpenAiUpstream(server, executor);
        server.createContext("/", fake::handle);
        server.start();
        return fake;
    }

    /** The API root, as a client's {@code base_url}: {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return root + "/v1";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers the next request to {@code path} (after those already scripted) with {@code answer}. */
    public FakeOpenAiUpstream next(String path, Answer answer) {
        java.util.Objects.requireNonNull(answer, "answer is null");
        synchronized (scripted) {
            scripted.computeIfAbsent(path, p -> new ArrayDeque<>()).add(answer);
        }
        return this;
    }

    /** Answers every request to {@code path} with {@code answer} once the scripted ones are used up. */
    public FakeOpenAiUpstream always(String path, Answer answer) {
        standing.put(path, java.util.Objects.requireNonNull(answer, "answer is null"));
        return this;
    }

    /** Forgets every recorded request and every scripted answer. */
    public void reset() {
        synchronized (scripted) {
            scripted.clear();
        }
        standing.clear();
        requests.clear();
    }

    /** Forgets every recorded request, keeping the scripted and standing answers. */
    public void forgetRequests() {
        requests.clear();
    }

    /** Every request received, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests to one path, in arrival order. */
    public List<RecordedRequest> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    public int requestCount() {
        return requests.size();
    }

    /** The latest request. */
    public RecordedRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("the fake upstream received no request");
        }
        return requests.getLast();
    }

    /** Waits until at least {@code count} requests have arrived (their bodies read whole). */
    public boolean awaitRequests(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (requests) {
            while (requests.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(requests, left);
            }
        }
        return true;
    }

    /**
     * How many requests the fake is handling right now: received and not yet answered whole (or
     * broken off). Zero once every caller has been answered.
     */
    public int activeExchanges() {
        return active.get();
    }

    /** How many distinct client connections (remote addresses) have sent requests so far. */
    public int connectionsSeen() {
        return clients.size();
    }

    /** The bytes default speech answers carry for a format and an input. */
    public static byte[] speechBytes(String format, String input) {
        return ("fake " + format + " audio of: " + input).getBytes(StandardCharsets.UTF_8);
    }

    /** The content type OpenAI answers a speech format with. */
    public static String speechContentType(String format) {
        return switch (format) {
            case "mp3" -> "audio/mpeg";
            case "opus" -> "audio/opus";
            case "aac" -> "audio/aac";
            case "flac" -> "audio/flac";
            case "wav" -> "audio/wav";
            case "pcm" -> "audio/pcm";
            default -> "application/octet-stream";
        };
    }

    /** Lower-case hex SHA-256. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        long received = System.nanoTime();
        active.incrementAndGet();
        try {
            clients.add(exchange.getRemoteAddress());
            RecordedRequest request = record(exchange, received);
            UpstreamExchange out = new UpstreamExchange(exchange, root, closing);
            out.header("x-request-id", "req_upstream_" + answered.incrementAndGet());
            out.header("openai-processing-ms", "1");
            answerFor(request.path()).run(request, out);
            // Only a complete answer is closed: a broken-off one propagates, and the server drops the connection.
            exchange.close();
        } finally {
            active.decrementAndGet();
        }
    }

    private RecordedRequest record(HttpExchange exchange, long received) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String rawPath = exchange.getRequestURI().getRawPath();
        String path = rawPath.startsWith("/v1/") ? rawPath.substring(3) : rawPath;
        RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), path,
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body, received);
        synchronized (requests) {
            requests.add(request);
            requests.notifyAll();
        }
        return request;
    }

    private Answer answerFor(String path) {
        synchronized (scripted) {
            Deque<Answer> queue = scripted.get(path);
            if (queue != null && !queue.isEmpty()) {
                return queue.poll();
            }
        }
        return standing.getOrDefault(path, Answer.likeOpenAi());
    }

    /** Stops the server, releasing requests that hang, and drops open connections. */
    @Override
    public void close() {
        // Stop listening first: a client that retries a request dropped by a released hang (the JDK
        // client retries a GET once) must find the port closed, not a default answer.
        server.stop(0);
        closing.countDown();
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "FakeOpenAiUpstream[" + baseUrl() + "]";
    }
}
