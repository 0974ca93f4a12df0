package dev.prism.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A faithful fake of an Azure OpenAI resource, deployment style, on a real socket: it serves
 * {@code POST /openai/deployments/{deployment}/{operation}?api-version=...} for the deployments it
 * was given, wants the resource's key in the {@code api-key} header (or as a bearer token, as the
 * v1 SDKs send it), and answers as Azure does: audio, transcripts, images annotated with
 * {@code prompt_filter_results} and {@code content_filter_results}, and Azure's error envelopes
 * (401 for a wrong key, 404 {@code DeploymentNotFound}, 404 {@code Resource not found} for an
 * unknown operation or api-version). A test scripts other {@link Answer}s per deployment and
 * operation. Requests are recorded whole with their full path.
 */
public final class FakeAzureOpenAi implements AutoCloseable {
    /** The api-versions the fake serves. */
    public static final Set<String> API_VERSIONS = Set.of("2024-10-21", "2025-03-01-preview", "2025-04-01-preview");
    /** Azure's annotation of a prompt or an image that passed its filter. */
    public static final Map<String, Object> FILTER_PASSED = OpenAiBehaviour.ordered(
            "hate", Map.of("filtered", false, "severity", "safe"),
            "self_harm", Map.of("filtered", false, "severity", "safe"),
            "sexual", Map.of("filtered", false, "severity", "safe"),
            "violence", Map.of("filtered", false, "severity", "safe"));
    private static final Pattern PATH = Pattern.compile("/openai/deployments/([^/]+)/(audio/speech|audio/transcriptions"
            + "|audio/translations|images/generations|images/edits)");

    private final HttpServer server;
    private final ExecutorService executor;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final String key;
    private final Set<String> deployments;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> scripted = new HashMap<>();
    private final String root;

    private FakeAzureOpenAi(HttpServer server, ExecutorService executor, String key, Set<String> deployments) {
        this.server = server;
        this.executor = executor;
        this.key = key;
        this.deployments = Set.copyOf(deployments);
        this.root = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A resource on a free port of 127.0.0.1 that takes {@code key} and has {@code deployments}. */
    public static FakeAzureOpenAi start(String key, Set<String> deployments) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake Azure resource", e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        FakeAzureOpenAi fake = new FakeAzureOpenAi(server, executor, key, deployments);
        server.createContext("/", fake::handle);
        server.start();
        return fake;
    }

    /** The resource's endpoint, as an operator's {@code base_url}: {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return root;
    }

    /** Answers the next request to a deployment's operation ({@code audio/speech}, ...) with {@code answer}. */
    public FakeAzureOpenAi next(String deployment, String operation, Answer answer) {
        synchronized (scripted) {
            scripted.computeIfAbsent(deployment + "/" + operation, k -> new ArrayDeque<>()).add(answer);
        }
        return this;
    }

    /** Every request received, in arrival order; paths are full ({@code /openai/deployments/...}). */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public RecordedRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("the fake Azure resource received no request");
        }
        return requests.getLast();
    }

    /** Azure's 404 for a deployment the resource does not have. */
    public static Answer deploymentNotFound() {
        return azureError(404, "DeploymentNotFound", "The API deployment for this resource does not exist. If you "
                + "created the deployment within the last 5 minutes, please wait a moment and try again.");
    }

    /** Azure's 401 for a wrong key (it does not quote the key). */
    public static Answer accessDenied() {
        return azureError(401, "401", "Access denied due to invalid subscription key or wrong API endpoint. Make "
                + "sure to provide a valid key for an active subscription and use a correct regional API endpoint "
                + "for your resource.");
    }

    /** Azure's 429, with {@code retry-after} in seconds. */
    public static Answer rateLimited(int retryAfterSeconds) {
        return azureError(429, "429", "Requests to the Images_Create Operation under Azure OpenAI API version "
                + "2025-04-01-preview have exceeded call rate limit of your current OpenAI S0 pricing tier. Please "
                + "retry after " + retryAfterSeconds + " seconds.")
                .withHeader("retry-after", String.valueOf(retryAfterSeconds));
    }

    /** Azure's 400 for an image prompt its content filter refused. */
    public static Answer promptFiltered() {
        return Answer.json(400, JsonValues.write(Map.of("error", OpenAiBehaviour.ordered(
                "code", "content_policy_violation",
                "inner_error", Map.of("code", "ResponsibleAIPolicyViolation",
                        "content_filter_results", Map.of("jailbreak", Map.of("detected", false, "filtered", false))),
                "message", "Your request was rejected as a result of our safety system. Your prompt may contain text "
                        + "that is not allowed by our safety system.",
                "type", "invalid_request_error"))));
    }

    /** Azure's error envelope: {@code {"error":{"code","message"}}}. */
    public static Answer azureError(int status, String code, String message) {
        return Answer.json(status, JsonValues.write(Map.of("error", OpenAiBehaviour.ordered("code", code,
                "message", message))));
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body, System.nanoTime());
        requests.add(request);
        UpstreamExchange out = new UpstreamExchange(exchange, root, closing);
        out.header("apim-request-id", "apim-" + requests.size());
        out.header("x-ms-region", "Sweden Central");
        answerFor(request).run(request, out);
        exchange.close();
    }

    private Answer answerFor(RecordedRequest request) {
        String given = request.header("api-key")
                .or(() -> request.header("authorization").map(v -> v.replaceFirst("(?i)^bearer ", "")))
                .orElse("");
        if (!given.equals(key)) {
            return accessDenied();
        }
        Matcher path = PATH.matcher(request.path());
        String version = query(request.query(), "api-version");
        if (!request.method().equals("POST") || !path.matches() || version == null || !API_VERSIONS.contains(version)) {
            return azureError(404, "404", "Resource not found");
        }
        String deployment = java.net.URLDecoder.decode(path.group(1), StandardCharsets.UTF_8);
        String operation = path.group(2);
        synchronized (scripted) {
            Deque<Answer> queue = scripted.get(deployment + "/" + operation);
            if (queue != null && !queue.isEmpty()) {
                return queue.poll();
            }
        }
        if (!deployments.contains(deployment)) {
            return deploymentNotFound();
        }
        return switch (operation) {
            case "audio/speech" -> speech(request);
            case "images/generations" -> images(request);
            case "images/edits" -> imageEdit(request);
            default -> transcript(request, operation.equals("audio/transcriptions"));
        };
    }

    private static Answer speech(RecordedRequest request) {
        Map<String, Object> json = request.json();
        String format = String.valueOf(json.getOrDefault("response_format", "mp3"));
        byte[] audio = FakeOpenAiUpstream.speechBytes(format, String.valueOf(json.get("input")));
        int half = audio.length / 2;
        return Answer.chunked(200, FakeOpenAiUpstream.speechContentType(format),
                List.of(java.util.Arrays.copyOfRange(audio, 0, half), java.util.Arrays.copyOfRange(audio, half, audio.length)));
    }

    private static Answer transcript(RecordedRequest request, boolean transcription) {
        MultipartForm form = request.form();
        if (form.file().isEmpty()) {
            return azureError(400, "invalid_request_error", "'file' is a required property");
        }
        String text = transcription ? FakeOpenAiUpstream.TRANSCRIPT_TEXT : FakeOpenAiUpstream.TRANSLATION_TEXT;
        String format = form.field("response_format").orElse("json");
        return switch (format) {
            case "text" -> Answer.text(200, "text/plain; charset=utf-8", text + "\n");
            case "srt" -> Answer.text(200, "text/plain; charset=utf-8", "1\n00:00:00,000 --> 00:00:02,500\n" + text + "\n\n");
            case "vtt" -> Answer.text(200, "text/plain; charset=utf-8", "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\n" + text
                    + "\n\n");
            case "verbose_json" -> Answer.json(200, JsonValues.write(OpenAiBehaviour.ordered(
                    "task", transcription ? "transcribe" : "translate", "language", "english", "duration", 2.5,
                    "text", text, "segments", List.of(OpenAiBehaviour.ordered("id", 0, "seek", 0, "start", 0.0,
                            "end", 2.5, "text", text, "tokens", List.of(50364, 440), "temperature", 0.0,
                            "avg_logprob", -0.2, "compression_ratio", 1.1, "no_speech_prob", 0.01)))));
            default -> Answer.json(200, JsonValues.write(Map.of("text", text)));
        };
    }

    private static Answer images(RecordedRequest request) {
        Map<String, Object> json = request.json();
        return images(String.valueOf(json.get("prompt")), "b64_json".equals(json.get("response_format")));
    }

    /** Edits (gpt-image-1 deployments): images under {@code image} or {@code image[]}, a prompt; always base64. */
    private static Answer imageEdit(RecordedRequest request) {
        MultipartForm form = request.form();
        if (form.parts("image").isEmpty() && form.parts("image[]").isEmpty()) {
            return azureError(400, "invalid_request_error", "'image' is a required property");
        }
        return images(form.field("prompt").orElse(""), true);
    }

    private static Answer images(String prompt, boolean base64) {
        Map<String, Object> image = base64
                ? OpenAiBehaviour.ordered("b64_json", FakeOpenAiUpstream.PNG_BASE64)
                : OpenAiBehaviour.ordered("url", "https://dalletipusw2.blob.core.windows.net/private/images/"
                        + "6f1e4b3c/generated_00.png?se=2026-12-01T00%3A00%3A00Z&sig=abc");
        image.put("revised_prompt", "A revised " + prompt);
        image.put("prompt_filter_results", FILTER_PASSED);
        image.put("content_filter_results", FILTER_PASSED);
        return Answer.json(200, JsonValues.write(OpenAiBehaviour.ordered("created", 1_698_342_300, "data",
                List.of(image))));
    }

    private static String query(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
        closing.countDown();
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "FakeAzureOpenAi[" + root + "]";
    }

}
