package dev.prism.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * A fake of ElevenLabs' API on a real socket ({@code 127.0.0.1}, a free port), as far as Prism
 * uses it: text to speech ({@code POST /v1/text-to-speech/{voice_id}} and its {@code /stream}) and
 * Scribe ({@code POST /v1/speech-to-text}). It checks what ElevenLabs checks, in ElevenLabs' error
 * envelope {@code {"detail":{"status","message"}}}: the {@code xi-api-key} header (401
 * {@code invalid_api_key}), the voice id (404 {@code voice_not_found}), the {@code model_id} (400
 * {@code model_not_found}), the {@code output_format} query value ({@code wav_*} is refused on
 * {@code /stream}) and the required JSON and form fields (422 in FastAPI's validation shape).
 *
 * <p>Speech answers {@link #speechBytes} in chunks with a {@code character-cost} header (one per
 * character of {@code text}); Scribe answers {@link #TRANSCRIPT_WORDS} as timed words with spacing
 * between them, {@code language_code: "eng"} and {@link #AUDIO_SECONDS}. Paths are recorded as
 * sent ({@code /v1/speech-to-text}). A test scripts other answers with {@link #next} or
 * {@link #always}. Thread-safe.
 */
public final class FakeElevenLabsUpstream implements AutoCloseable {
    /** The voices the fake knows. */
    public static final Set<String> VOICES = Set.of("21m00Tcm4TlvDq8ikWAM", "EXAVITQu4vr4xnSDxMaL");
    /** The models the fake knows. */
    public static final Set<String> MODELS = Set.of("eleven_multilingual_v2", "eleven_flash_v2_5", "eleven_turbo_v2_5",
            "eleven_flash_v2", "eleven_turbo_v2", "eleven_v3", "scribe_v1", "scribe_v2");
    /** The output formats of ElevenLabs' SDK; {@code /stream} refuses the {@code wav_*} ones. */
    public static final Set<String> OUTPUT_FORMATS = Set.of("mp3_22050_32", "mp3_24000_48", "mp3_44100_32",
            "mp3_44100_64", "mp3_44100_96", "mp3_44100_128", "mp3_44100_192", "opus_48000_32", "opus_48000_64",
            "opus_48000_96", "opus_48000_128", "opus_48000_192", "pcm_8000", "pcm_16000", "pcm_22050", "pcm_24000",
            "pcm_32000", "pcm_44100", "pcm_48000", "wav_8000", "wav_16000", "wav_22050", "wav_24000", "wav_32000",
            "wav_44100", "wav_48000", "ulaw_8000", "alaw_8000");
    /** The words every default transcription says: two sentences, with a pause between them. */
    public static final List<String> TRANSCRIPT_WORDS = List.of("Hello", "there.", "How", "are", "you?");
    /** The audio length default transcriptions report. */
    public static final double AUDIO_SECONDS = 4.25;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String apiKey;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> scripted = new HashMap<>();
    private final Map<String, Answer> standing = new ConcurrentHashMap<>();
    private final String root;

    private FakeElevenLabsUpstream(HttpServer server, ExecutorService executor, String apiKey) {
        this.server = server;
        this.executor = executor;
        this.apiKey = apiKey;
        this.root = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Starts a fake that accepts {@code apiKey} as {@code xi-api-key}. */
    public static FakeElevenLabsUpstream start(String apiKey) {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake ElevenLabs", e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        FakeElevenLabsUpstream fake = new FakeElevenLabsUpstream(server, executor, apiKey);
        server.createContext("/", fake::handle);
        server.start();
        return fake;
    }

    /** The base URL, as in Prism's {@code base_url}: {@code http://127.0.0.1:PORT}, no {@code /v1}. */
    public String baseUrl() {
        return root;
    }

    /** Answers the next request to {@code path} with {@code answer}. */
    public FakeElevenLabsUpstream next(String path, Answer answer) {
        synchronized (scripted) {
            scripted.computeIfAbsent(path, p -> new ArrayDeque<>()).add(answer);
        }
        return this;
    }

    /** Answers every request to {@code path} with {@code answer} once the scripted ones are used up. */
    public FakeElevenLabsUpstream always(String path, Answer answer) {
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
            throw new IllegalStateException("the fake ElevenLabs received no request");
        }
        return requests.getLast();
    }

    /** The query parameters of a request, decoded. */
    public static Map<String, String> query(RecordedRequest request) {
        Map<String, String> out = new LinkedHashMap<>();
        if (request.query() != null) {
            for (String pair : request.query().split("&")) {
                int eq = pair.indexOf('=');
                out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** The audio a default speech answer carries for an output format and a text. */
    public static byte[] speechBytes(String outputFormat, String text) {
        return ("fake elevenlabs " + outputFormat + " audio of: " + text).getBytes(StandardCharsets.UTF_8);
    }

    /** An error in ElevenLabs' envelope: {@code {"detail":{"status":..., "message":...}}}. */
    public static Answer error(int status, String code, String message) {
        return Answer.json(status, detail(code, message));
    }

    private static String detail(String code, String message) {
        try {
            return JSON.writeValueAsString(Map.of("detail", Map.of("status", code, "message", message)));
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
        out.header("request-id", "el_req_" + requests.size());
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
        return answer != null ? answer : Answer.of(this::likeElevenLabs);
    }

    private void likeElevenLabs(RecordedRequest request, UpstreamExchange exchange) throws IOException {
        if (!apiKey.equals(request.header("xi-api-key").orElse(null))) {
            exchange.send(401, "application/json", detail("invalid_api_key", "Invalid API key").getBytes(StandardCharsets.UTF_8));
            return;
        }
        String path = request.path();
        if (request.method().equals("POST") && path.startsWith("/v1/text-to-speech/")) {
            speech(request, exchange, path.substring("/v1/text-to-speech/".length()));
        } else if (request.method().equals("POST") && path.equals("/v1/speech-to-text")) {
            transcription(request, exchange);
        } else {
            exchange.send(404, "application/json", "{\"detail\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void speech(RecordedRequest request, UpstreamExchange exchange, String rest) throws IOException {
        boolean stream = rest.endsWith("/stream");
        String voice = stream ? rest.substring(0, rest.length() - "/stream".length()) : rest;
        String format = query(request).getOrDefault("output_format", "mp3_44100_128");
        Map<String, Object> json;
        try {
            json = request.json();
        } catch (RuntimeException e) {
            json = Map.of();
        }
        if (!(json.get("text") instanceof String text)) {
            sendJson(exchange, 422, "{\"detail\":[{\"loc\":[\"body\",\"text\"],\"msg\":\"Field required\",\"type\":\"missing\"}]}");
            return;
        }
        if (!OUTPUT_FORMATS.contains(format) || (stream && format.startsWith("wav_"))) {
            sendJson(exchange, 422, "{\"detail\":[{\"loc\":[\"query\",\"output_format\"],\"msg\":\"Input should be a valid "
                    + "output format\",\"type\":\"enum\"}]}");
            return;
        }
        if (!VOICES.contains(voice)) {
            sendJson(exchange, 404, detail("voice_not_found", "A voice with the voice_id " + voice + " was not found."));
            return;
        }
        Object model = json.getOrDefault("model_id", "eleven_multilingual_v2");
        if (!MODELS.contains(model) || String.valueOf(model).startsWith("scribe")) {
            sendJson(exchange, 400, detail("model_not_found", "A model with model ID " + model + " does not exist."));
            return;
        }
        if (json.get("voice_settings") instanceof Map<?, ?> settings && settings.get("speed") instanceof Number speed
                && (speed.doubleValue() < 0.7 || speed.doubleValue() > 1.2)) {
            sendJson(exchange, 400, detail("invalid_voice_settings", "speed must be between 0.7 and 1.2"));
            return;
        }
        String contentType = format.startsWith("mp3") ? "audio/mpeg" : format.startsWith("opus") ? "audio/opus"
                : format.startsWith("wav") ? "audio/wav" : "application/octet-stream";
        byte[] audio = speechBytes(format, text);
        exchange.header("character-cost", Integer.toString(text.codePointCount(0, text.length())));
        if (!stream) {
            exchange.send(200, contentType, audio);
            return;
        }
        OutputStream out = exchange.startChunked(200, contentType);
        int half = audio.length / 2;
        out.write(audio, 0, half);
        out.flush();
        out.write(audio, half, audio.length - half);
        out.close();
    }

    private static void transcription(RecordedRequest request, UpstreamExchange exchange) throws IOException {
        MultipartForm form;
        try {
            form = request.form();
        } catch (RuntimeException e) {
            sendJson(exchange, 422, "{\"detail\":[{\"loc\":[\"body\"],\"msg\":\"Expected a form\",\"type\":\"value_error\"}]}");
            return;
        }
        String model = form.field("model_id").orElse(null);
        if (model == null) {
            sendJson(exchange, 422, "{\"detail\":[{\"loc\":[\"body\",\"model_id\"],\"msg\":\"Field required\",\"type\":\"missing\"}]}");
            return;
        }
        if (!model.startsWith("scribe") || !MODELS.contains(model)) {
            sendJson(exchange, 400, detail("invalid_model_id", "Model " + model + " is not a speech to text model."));
            return;
        }
        if (form.file().filter(f -> f.name().equals("file")).isEmpty()) {
            sendJson(exchange, 400, detail("invalid_parameters", "Either file or cloud_storage_url must be provided."));
            return;
        }
        boolean diarize = form.field("diarize").map(Boolean::parseBoolean).orElse(false);
        List<Map<String, Object>> words = new ArrayList<>();
        double t = 0.1;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < TRANSCRIPT_WORDS.size(); i++) {
            String word = TRANSCRIPT_WORDS.get(i);
            if (i > 0) {
                double gap = TRANSCRIPT_WORDS.get(i - 1).endsWith(".") ? 1.5 : 0.1;
                words.add(entry(" ", t, t + gap, "spacing", diarize, i));
                t += gap;
                text.append(' ');
            }
            words.add(entry(word, t, t + 0.4, "word", diarize, i));
            t += 0.4;
            text.append(word);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("language_code", "eng");
        answer.put("language_probability", 0.98);
        answer.put("text", text.toString());
        answer.put("words", words);
        answer.put("audio_duration_secs", AUDIO_SECONDS);
        answer.put("transcription_id", "tr_fake");
        sendJson(exchange, 200, JSON.writeValueAsString(answer));
    }

    private static Map<String, Object> entry(String text, double start, double end, String type, boolean diarize, int index) {
        Map<String, Object> word = new LinkedHashMap<>();
        word.put("text", text);
        word.put("start", Math.round(start * 1000) / 1000.0);
        word.put("end", Math.round(end * 1000) / 1000.0);
        word.put("type", type);
        word.put("logprob", -0.1);
        if (diarize) {
            word.put("speaker_id", index < 2 ? "speaker_0" : "speaker_1");
        }
        return word;
    }

    private static void sendJson(UpstreamExchange exchange, int status, String json) throws IOException {
        exchange.send(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
        closing.countDown();
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "FakeElevenLabsUpstream[" + root + "]";
    }
}
