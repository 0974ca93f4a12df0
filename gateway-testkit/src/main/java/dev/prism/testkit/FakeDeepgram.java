package dev.prism.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fake of Deepgram's API on a real socket: {@code POST /v1/listen} (pre-recorded speech to text,
 * the audio as the raw body) and {@code POST /v1/speak} (Aura). It checks what Deepgram checks
 * first ({@code Authorization: Token <key>}, answering 401 {@code INVALID_AUTH} otherwise), records
 * every request, and answers in Deepgram's shapes: {@code metadata.duration},
 * {@code results.channels[0].alternatives[0]} with its {@code words}, and {@code results.utterances}
 * when asked for {@code utterances=true}; speech as bytes that start like the requested
 * {@code encoding}/{@code container}, with {@code dg-char-count}. Errors use Deepgram's
 * {@code {err_code, err_msg, request_id}} envelope.
 */
public final class FakeDeepgram implements AutoCloseable {
    /** What every transcription says: two utterances of three words and two words. */
    public static final String TRANSCRIPT = "Hello there, Prism. Good morning.";
    /** The audio's length every transcription reports. */
    public static final double DURATION = 3.5;
    /** An Aura model Deepgram knows; any name that does not start with {@code aura-} is unknown. */
    public static final String AURA_MODEL = "aura-2-thalia-en";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as it arrived. */
    public record Request(String method, String path, Map<String, String> query, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An error answer: the status, Deepgram's envelope, and extra headers such as {@code retry-after}. */
    public record Failure(int status, String errCode, String errMsg, Map<String, String> headers) {
        public static Failure of(int status, String errCode, String errMsg) {
            return new Failure(status, errCode, errMsg, Map.of());
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String apiKey;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private FakeDeepgram(HttpServer server, ExecutorService executor, String apiKey) {
        this.server = server;
        this.executor = executor;
        this.apiKey = apiKey;
    }

    /** Starts a fake on a free port of 127.0.0.1 that accepts {@code apiKey}. */
    public static FakeDeepgram start(String apiKey) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake Deepgram", e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        FakeDeepgram fake = new FakeDeepgram(server, executor, apiKey);
        server.createContext("/", fake::handle);
        server.start();
        return fake;
    }

    /** The host, as a provider's {@code base_url}: {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next request (to either path) fails with {@code failure}. */
    public FakeDeepgram failNext(Failure failure) {
        synchronized (failures) {
            failures.add(failure);
        }
        return this;
    }

    /**
     * The next request (to either path) that passes the key check gets {@code answer}, after any
     * scripted failure: an answer Deepgram's shapes do not cover, such as {@link Answer#hang()} or
     * a speech body the test streams ({@link Answer#streamed}).
     */
    public FakeDeepgram next(Answer answer) {
        synchronized (failures) {
            answers.add(answer);
        }
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public Request lastRequest() {
        return requests.getLast();
    }

    public void reset() {
        requests.clear();
        synchronized (failures) {
            failures.clear();
            answers.clear();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        boolean brokenOff = false;
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    query(exchange.getRequestURI().getRawQuery()), headers, body);
            requests.add(request);
            if (!("Token " + apiKey).equals(request.header("authorization"))) {
                fail(exchange, Failure.of(401, "INVALID_AUTH", "Invalid credentials."));
                return;
            }
            Failure failure;
            synchronized (failures) {
                failure = failures.poll();
            }
            if (failure != null) {
                fail(exchange, failure);
                return;
            }
            Answer answer;
            synchronized (failures) {
                answer = answers.poll();
            }
            if (answer != null) {
                answer.run(new RecordedRequest(request.method(), request.path(), exchange.getRequestURI().getRawQuery(),
                        headers, body), new UpstreamExchange(exchange, baseUrl(), closing));
                return;
            }
            if (!request.method().equals("POST")) {
                fail(exchange, Failure.of(405, "Method Not Allowed", "Method not allowed."));
            } else if (request.path().equals("/v1/listen")) {
                listen(exchange, request);
            } else if (request.path().equals("/v1/speak")) {
                speak(exchange, request);
            } else {
                fail(exchange, Failure.of(404, "Not Found", "Not found."));
            }
        } catch (Answer.BreakOff e) {
            brokenOff = true;
            throw e;
        } finally {
            // Closing would end a chunked body cleanly; a scripted break-off must leave it cut short.
            if (!brokenOff) {
                exchange.close();
            }
        }
    }

    private void listen(HttpExchange exchange, Request request) throws IOException {
        if (request.body().length == 0) {
            fail(exchange, Failure.of(400, "Bad Request", "Bad Request: failed to process audio: corrupt or unsupported data"));
            return;
        }
        String model = request.query().getOrDefault("model", "base-general");
        if (!model.startsWith("nova") && !model.startsWith("base") && !model.startsWith("enhanced") && !model.equals("whisper")) {
            fail(exchange, Failure.of(400, "Bad Request", "No such model/language/tier combination found."));
            return;
        }
        boolean punctuated = "true".equals(request.query().get("punctuate")) || "true".equals(request.query().get("smart_format"));
        String[][] utterances = {{"Hello", "there,", "Prism."}, {"Good", "morning."}};
        double[][] times = {{0.08, 0.4}, {0.48, 0.9}, {0.96, 1.6}, {2.0, 2.3}, {2.4, 3.1}};
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode metadata = answer.putObject("metadata");
        metadata.put("request_id", "5d1c1a9e-fake-0000-0000-000000000001");
        metadata.put("created", "2026-11-29T12:00:00.000Z");
        metadata.put("duration", DURATION);
        metadata.put("channels", 1);
        ObjectNode results = answer.putObject("results");
        ObjectNode channel = results.putArray("channels").addObject();
        if ("true".equals(request.query().get("detect_language"))) {
            channel.put("detected_language", "en");
        }
        ObjectNode alternative = channel.putArray("alternatives").addObject();
        alternative.put("transcript", punctuated ? TRANSCRIPT : TRANSCRIPT.replaceAll("[,.]", "").toLowerCase(java.util.Locale.ROOT));
        alternative.put("confidence", 0.98);
        ArrayNode words = alternative.putArray("words");
        ArrayNode utteranceNodes = JSON.createArrayNode();
        int w = 0;
        for (int u = 0; u < utterances.length; u++) {
            ObjectNode utterance = utteranceNodes.addObject();
            ArrayNode utteranceWords = JSON.createArrayNode();
            StringBuilder text = new StringBuilder();
            for (String punctuatedWord : utterances[u]) {
                ObjectNode word = JSON.createObjectNode();
                word.put("word", punctuatedWord.replaceAll("[,.]", "").toLowerCase(java.util.Locale.ROOT));
                word.put("start", times[w][0]);
                word.put("end", times[w][1]);
                word.put("confidence", 0.97);
                if (punctuated) {
                    word.put("punctuated_word", punctuatedWord);
                }
                words.add(word);
                utteranceWords.add(word.deepCopy());
                text.append(text.isEmpty() ? "" : " ").append(punctuatedWord);
                w++;
            }
            utterance.put("start", utteranceWords.get(0).get("start").asDouble());
            utterance.put("end", utteranceWords.get(utteranceWords.size() - 1).get("end").asDouble());
            utterance.put("confidence", 0.97);
            utterance.put("channel", 0);
            utterance.put("transcript", text.toString());
            utterance.set("words", utteranceWords);
            utterance.put("id", "utterance-" + u);
        }
        if ("true".equals(request.query().get("utterances"))) {
            results.set("utterances", utteranceNodes);
        }
        send(exchange, 200, "application/json", JSON.writeValueAsBytes(answer), Map.of("dg-request-id", "fake"));
    }

    private void speak(HttpExchange exchange, Request request) throws IOException {
        String model = request.query().getOrDefault("model", AURA_MODEL);
        if (!model.startsWith("aura-")) {
            fail(exchange, Failure.of(400, "INVALID_MODEL", "The requested model was not found."));
            return;
        }
        String text;
        try {
            text = JSON.readTree(request.body()).path("text").asText("");
        } catch (IOException e) {
            fail(exchange, Failure.of(400, "INVALID_JSON", "Invalid JSON submitted."));
            return;
        }
        if (text.isEmpty()) {
            fail(exchange, Failure.of(400, "Bad Request", "Text is required."));
            return;
        }
        String encoding = request.query().getOrDefault("encoding", "mp3");
        String container = request.query().get("container");
        byte[] header = switch (encoding) {
            case "mp3" -> new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0};
            case "linear16" -> "none".equals(container) ? new byte[0] : "RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1);
            case "opus" -> "OggS".getBytes(StandardCharsets.ISO_8859_1);
            case "flac" -> "fLaC".getBytes(StandardCharsets.ISO_8859_1);
            case "aac" -> new byte[] {(byte) 0xFF, (byte) 0xF1};
            default -> null;
        };
        if (header == null) {
            fail(exchange, Failure.of(400, "UNSUPPORTED_AUDIO_FORMAT", "Unsupported encoding: " + encoding));
            return;
        }
        byte[] audio = new byte[header.length + 4096];
        System.arraycopy(header, 0, audio, 0, header.length);
        String type = switch (encoding) {
            case "mp3" -> "audio/mpeg";
            case "linear16" -> "none".equals(container) ? "application/octet-stream" : "audio/wav";
            case "opus" -> "audio/ogg";
            case "flac" -> "audio/flac";
            default -> "audio/aac";
        };
        send(exchange, 200, type, audio, Map.of("dg-char-count", Integer.toString(text.codePointCount(0, text.length())),
                "dg-model-name", model, "dg-request-id", "fake"));
    }

    private static void fail(HttpExchange exchange, Failure failure) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("err_code", failure.errCode());
        body.put("err_msg", failure.errMsg());
        body.put("request_id", "5d1c1a9e-fake-0000-0000-000000000002");
        send(exchange, failure.status(), "application/json", JSON.writeValueAsBytes(body), failure.headers());
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, Map<String, String> headers)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(key, value);
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
        closing.countDown();
        executor.shutdownNow();
    }
}
