package dev.prism.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fake of Stability AI's Stable Image API on a real socket ({@code 127.0.0.1}, a free port), as
 * far as Prism uses it: text-to-image at {@code POST /v2beta/stable-image/generate/ultra},
 * {@code /core} and {@code /sd3}. It checks what Stability checks, answering in Stability's error
 * envelope {@code {"id","name","errors":["field: message"]}}: the bearer key (401
 * {@code unauthorized}), a {@code multipart/form-data} body (400), the {@code Accept} header
 * ({@code application/json} or {@code image/*}), {@code prompt}, {@code aspect_ratio},
 * {@code output_format} (webp on /core only) and, on /sd3, {@code model}.
 *
 * <p>A prompt containing {@link #MODERATED_WORD} is refused with 403 {@code content_moderation};
 * one containing {@link #FILTERED_WORD} gets a 200 with {@code finish_reason: CONTENT_FILTERED}
 * (and a blurred image). Other prompts get {@link #imageBytes} for the prompt and aspect ratio, as
 * JSON ({@code image} in base64, {@code finish_reason}, {@code seed}) or as raw bytes with
 * {@code finish-reason} and {@code seed} headers. A test scripts other answers with {@link #next}.
 * Thread-safe.
 */
public final class FakeStability implements AutoCloseable {
    public static final String ULTRA = "/v2beta/stable-image/generate/ultra";
    public static final String CORE = "/v2beta/stable-image/generate/core";
    public static final String SD3 = "/v2beta/stable-image/generate/sd3";
    public static final Set<String> ASPECT_RATIOS = Set.of("16:9", "1:1", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21");
    public static final Set<String> SD3_MODELS = Set.of("sd3.5-large", "sd3.5-large-turbo", "sd3.5-medium", "sd3-large",
            "sd3-large-turbo", "sd3-medium");
    /** A prompt with this word is refused with 403 content_moderation. */
    public static final String MODERATED_WORD = "forbidden";
    /** A prompt with this word gets a 200 whose image is filtered (blurred). */
    public static final String FILTERED_WORD = "blurry-secret";
    public static final long SEED = 343940597L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String apiKey;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> scripted = new HashMap<>();
    private final Map<String, Answer> standing = new ConcurrentHashMap<>();
    private final String root;

    private FakeStability(HttpServer server, ExecutorService executor, String apiKey) {
        this.server = server;
        this.executor = executor;
        this.apiKey = apiKey;
        this.root = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Starts a fake that accepts {@code apiKey} as {@code Authorization: Bearer}. */
    public static FakeStability start(String apiKey) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake Stability", e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        FakeStability fake = new FakeStability(server, executor, apiKey);
        server.createContext("/", fake::handle);
        server.start();
        return fake;
    }

    /** The base URL, as in Prism's {@code base_url}: {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return root;
    }

    /** Answers the next request to {@code path} with {@code answer}. */
    public FakeStability next(String path, Answer answer) {
        synchronized (scripted) {
            scripted.computeIfAbsent(path, p -> new ArrayDeque<>()).add(answer);
        }
        return this;
    }

    /** Answers every request to {@code path} with {@code answer} once the scripted ones are used up. */
    public FakeStability always(String path, Answer answer) {
        standing.put(path, answer);
        return this;
    }

    public void reset() {
        synchronized (scripted) {
            scripted.clear();
        }
        standing.clear();
        requests.clear();
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public RecordedRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("the fake Stability received no request");
        }
        return requests.getLast();
    }

    /** The image bytes a default answer carries for a prompt, aspect ratio and format. */
    public static byte[] imageBytes(String prompt, String aspectRatio, String outputFormat) {
        return ("fake stability " + outputFormat + " " + aspectRatio + " image of: " + prompt).getBytes(StandardCharsets.UTF_8);
    }

    /** An error in Stability's envelope. */
    public static Answer error(int status, String name, String message) {
        return Answer.json(status, envelope(name, message));
    }

    private static String envelope(String name, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("id", "0123456789abcdef0123456789abcdef");
        error.put("name", name);
        error.put("errors", List.of(message));
        try {
            return JSON.writeValueAsString(error);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body, System.nanoTime());
        requests.add(request);
        UpstreamExchange out = new UpstreamExchange(exchange, root, closing);
        answerFor(request.path()).run(request, out);
        exchange.close();
    }

    private Answer answerFor(String path) {
        synchronized (scripted) {
            Deque<Answer> queue = scripted.get(path);
            if (queue != null && !queue.isEmpty()) {
                return queue.poll();
            }
        }
        Answer answer = standing.get(path);
        return answer != null ? answer : Answer.of(this::likeStability);
    }

    private void likeStability(RecordedRequest request, UpstreamExchange exchange) throws IOException {
        if (!("Bearer " + apiKey).equals(request.header("Authorization").orElse(null))) {
            send(exchange, 401, "unauthorized", "authorization: invalid or missing header value");
            return;
        }
        String path = request.path();
        if (!request.method().equals("POST") || !(path.equals(ULTRA) || path.equals(CORE) || path.equals(SD3))) {
            send(exchange, 404, "not_found", "path: not found");
            return;
        }
        String accept = request.header("Accept").orElse("");
        if (!accept.equals("application/json") && !accept.equals("image/*")) {
            send(exchange, 400, "bad_request", "accept: must be image/* or application/json");
            return;
        }
        MultipartForm form;
        try {
            form = request.form();
        } catch (RuntimeException e) {
            send(exchange, 400, "bad_request", "content-type: must be multipart/form-data");
            return;
        }
        String prompt = form.field("prompt").orElse("");
        if (prompt.isEmpty()) {
            send(exchange, 400, "bad_request", "prompt: is required");
            return;
        }
        String ratio = form.field("aspect_ratio").orElse("1:1");
        if (!ASPECT_RATIOS.contains(ratio)) {
            send(exchange, 400, "bad_request", "aspect_ratio: must be one of " + ASPECT_RATIOS);
            return;
        }
        String format = form.field("output_format").orElse("png");
        if (!(format.equals("png") || format.equals("jpeg") || (format.equals("webp") && path.equals(CORE)))) {
            send(exchange, 400, "bad_request", "output_format: unsupported value " + format);
            return;
        }
        if (path.equals(SD3) && !SD3_MODELS.contains(form.field("model").orElse("sd3.5-large"))) {
            send(exchange, 400, "bad_request", "model: must be one of " + SD3_MODELS);
            return;
        }
        if (prompt.contains(MODERATED_WORD)) {
            send(exchange, 403, "content_moderation", "Your request was flagged by our content moderation system, as a"
                    + " result your request was denied and you were not charged.");
            return;
        }
        String finish = prompt.contains(FILTERED_WORD) ? "CONTENT_FILTERED" : "SUCCESS";
        byte[] image = imageBytes(prompt, ratio, format);
        if (accept.equals("image/*")) {
            exchange.header("finish-reason", finish);
            exchange.header("seed", Long.toString(SEED));
            exchange.send(200, "image/" + format, image);
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("image", Base64.getEncoder().encodeToString(image));
        answer.put("finish_reason", finish);
        answer.put("seed", SEED);
        exchange.send(200, "application/json", JSON.writeValueAsBytes(answer));
    }

    private static void send(UpstreamExchange exchange, int status, String name, String message) throws IOException {
        exchange.send(status, "application/json", envelope(name, message).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
        closing.countDown();
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "FakeStability[" + root + "]";
    }
}
