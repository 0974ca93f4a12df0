package dev.prism.http;

import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.GatewayConfig;
import dev.prism.spi.RequestBody;
import dev.prism.spi.UpstreamRequest;
import dev.prism.spi.UpstreamRequest.Header;
import dev.prism.spi.UpstreamResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The training run of the JVM's AOT cache (JDK 25 and later; JEP 483, 514, 515): the launcher runs
 * it once a build with {@code -XX:AOTCacheOutput}, and the JVM keeps what it loaded, linked and
 * profiled, so that {@code prism run} starts with all of it ready. It does what a start and the first
 * calls do: reads the built-in configuration and a file, starts the built-in demo (the mock), and a
 * second gateway whose {@code openai} provider is the first one, so the upstream path is trained
 * too (the HTTP client, the OpenAI provider, uploads written upstream); then sends each kind of call
 * to both, through the gateway's own HTTP client, and stops them.
 *
 * <p>Exits 0 when every call got the status it should; otherwise 1, and the launcher keeps no cache
 * from the run. The calls are the built-in demo's: no network beyond the loopback. Each gateway's
 * ledger is a database of its own in a temporary folder, deleted at the end.
 */
final class StartupTraining {
    /**
     * Rounds of calls: enough for the JIT to profile the request path (the cache keeps those profiles,
     * so the first calls after a start compile sooner), few enough to keep the run to seconds.
     */
    static final int ROUNDS = 12;
    /** A 1x1 PNG, the image of the training's edit. */
    private static final byte[] ONE_PIXEL_PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
    private static final Pattern FIRST_URL = Pattern.compile("\"url\"\\s*:\\s*\"([^\"]+)\"");

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HelidonHttpTransport client = new HelidonHttpTransport(Duration.ofSeconds(10), Set.of(TIMEOUT));
    private final List<String> failures = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        LogSetup.configure(false);
        List<String> failures = new StartupTraining().run();
        failures.forEach(failure -> System.err.println("prism training: " + failure));
        // Exit explicitly: the JVM writes the AOT cache as it exits, whatever threads a library left running.
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    /** Runs the calls against two fresh gateways and returns what went wrong, or nothing. */
    List<String> run() throws IOException {
        Path work = Files.createTempDirectory("prism-training");
        try {
            return run(work);
        } finally {
            deleteAll(work);
        }
    }

    /** The gateways' files (their ledgers, the proxy's configuration) go under {@code work}. */
    private List<String> run(Path work) throws IOException {
        Main.DemoKey key = Main.DemoKey.forDefaultConfig(name -> null);
        GatewayConfig demoConfig = Main.defaultConfig(key, ledger(work, "demo")).withPort(0);
        try (PrismServer demo = PrismServer.start(demoConfig, Clock.systemUTC(), List.of())) {
            banner(demoConfig, demo, null, key);
            Path file = Files.writeString(work.resolve("proxy.yaml"), proxyConfig(demo.port(), key.value()) + ledger(work, "proxy"));
            GatewayConfig proxyConfig = ConfigLoader.fromSystemEnvironment().load(file);
            try (PrismServer proxy = PrismServer.start(proxyConfig, Clock.systemUTC(), List.of())) {
                banner(proxyConfig, proxy, file, null);
                for (int round = 0; round < ROUNDS; round++) {
                    calls(demo.port(), key.value(), round);
                    calls(proxy.port(), "sk-prism-training", round);
                }
            }
        }
        return List.copyOf(failures);
    }

    /** The built-in ledger (embedded H2), in a database of each gateway's own under {@code work}. */
    private static String ledger(Path work, String name) {
        return "ledger: { url: \"jdbc:h2:file:%s\", spill_dir: \"%s\" }\n"
                .formatted(work.resolve(name + "-ledger"), work.resolve(name + "-ledger-spill"));
    }

    private static void deleteAll(Path work) throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The banner's text is made, as at every start, but not shown. */
    private static void banner(GatewayConfig config, PrismServer server, Path file, Main.DemoKey key) {
        new Banner(config, server, file, key).render(0).length();
    }

    /** The demo's models through an {@code openai} provider, with the cache off as a file would often have it. */
    private static String proxyConfig(int upstreamPort, String upstreamKey) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  upstream: { type: openai, base_url: "http://127.0.0.1:%d/v1", api_key: "%s", retry: { max_attempts: 2 } }
                models:
                  tts-1: { targets: [ { provider: upstream } ] }
                  gpt-4o-mini-tts: { targets: [ { provider: upstream } ] }
                  whisper-1: { targets: [ { provider: upstream } ] }
                  dall-e-3: { targets: [ { provider: upstream } ] }
                  gpt-image-1: { targets: [ { provider: upstream } ] }
                keys:
                  - { name: training, key: sk-prism-training }
                cache: { enabled: false }
                """.formatted(upstreamPort, upstreamKey);
    }

    private void calls(int port, String key, int round) throws IOException {
        String base = "http://127.0.0.1:" + port;
        // The input changes each round: a cache hit on the first gateway would skip the work to train.
        String input = "Training round " + round;
        expect(200, get(base + "/health", null));
        expect(200, get(base + "/v1/models", key));
        expect(200, get(base + "/v1/models/tts-1", key));
        expect(401, get(base + "/v1/models", "sk-prism-wrong"));
        expect(404, get(base + "/v1/nothing-here", key));
        expect(200, json(base + "/v1/audio/speech", key, "{\"model\":\"tts-1\",\"input\":\"" + input + "\",\"voice\":\"alloy\"}"));
        Answer wav = json(base + "/v1/audio/speech", key,
                "{\"model\":\"tts-1\",\"input\":\"" + input + "\",\"voice\":\"alloy\",\"response_format\":\"wav\"}");
        expect(200, wav);
        expect(200, json(base + "/v1/audio/speech", key, "{\"model\":\"tts-1\",\"input\":\"" + input + "\",\"voice\":\"alloy\"}"));
        expect(200, json(base + "/v1/audio/speech/stream", key,
                "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"" + input + "\",\"voice\":\"coral\",\"response_format\":\"pcm\"}"));
        expect(200, json(base + "/v1/audio/speech", key,
                "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"" + input + "\",\"voice\":\"coral\",\"stream_format\":\"sse\"}"));
        expect(400, json(base + "/v1/audio/speech", key, "{\"model\":\"tts-1\",\"voice\":\"alloy\"}"));
        if (wav.status() == 200) {
            for (String format : List.of("json", "verbose_json", "text", "srt")) {
                expect(200, form(base + "/v1/audio/transcriptions", key, List.of("model", "whisper-1", "response_format", format),
                        "file", "speech.wav", "audio/wav", wav.body()));
            }
            expect(200, form(base + "/v1/audio/translations", key, List.of("model", "whisper-1", "response_format", "json"),
                    "file", "speech.wav", "audio/wav", wav.body()));
        }
        expect(200, json(base + "/v1/images/generations", key,
                "{\"model\":\"dall-e-3\",\"prompt\":\"" + input + "\",\"response_format\":\"b64_json\"}"));
        Answer linked = json(base + "/v1/images/generations", key,
                "{\"model\":\"dall-e-3\",\"prompt\":\"" + input + "\",\"size\":\"1024x1024\"}");
        expect(200, linked);
        Matcher url = FIRST_URL.matcher(new String(linked.body(), StandardCharsets.UTF_8));
        if (url.find()) {
            expect(200, get(url.group(1), null));
        }
        expect(200, form(base + "/v1/images/edits", key, List.of("model", "gpt-image-1", "prompt", input, "response_format",
                "b64_json"), "image[]", "in.png", "image/png", ONE_PIXEL_PNG));
    }

    private Answer get(String url, String key) throws IOException {
        return send(new UpstreamRequest("GET", URI.create(url), headers(key), null, TIMEOUT));
    }

    private Answer json(String url, String key, String body) throws IOException {
        return send(new UpstreamRequest("POST", URI.create(url), headers(key),
                RequestBody.of("application/json", body.getBytes(StandardCharsets.UTF_8)), TIMEOUT));
    }

    /** A form of text fields ({@code fields}: name, value, name, value...) and then one file. */
    private Answer form(String url, String key, List<String> fields, String fileField, String filename, String type,
                        byte[] file) throws IOException {
        String boundary = "prism-training-boundary";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < fields.size(); i += 2) {
            part(out, boundary, fields.get(i), fields.get(i + 1));
        }
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                + filename + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(new UpstreamRequest("POST", URI.create(url), headers(key),
                RequestBody.of("multipart/form-data; boundary=" + boundary, out.toByteArray()), TIMEOUT));
    }

    private static void part(OutputStream out, String boundary, String name, String value) throws IOException {
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static List<Header> headers(String key) {
        return key == null ? List.of() : List.of(new Header("Authorization", "Bearer " + key));
    }

    private Answer send(UpstreamRequest request) throws IOException {
        try (UpstreamResponse response = client.send(request)) {
            return new Answer(request.method() + " " + request.uri().getPath(), response.status(), response.body().readAllBytes());
        }
    }

    private void expect(int status, Answer answer) {
        if (answer.status() != status) {
            failures.add(answer.call() + ": " + answer.status() + " where " + status + " was expected: "
                    + new String(answer.body(), 0, Math.min(answer.body().length, 300), StandardCharsets.UTF_8));
        }
    }

    private record Answer(String call, int status, byte[] body) {}
}
