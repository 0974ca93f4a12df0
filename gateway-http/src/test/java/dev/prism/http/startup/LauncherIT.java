package dev.prism.http.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.spi.SpiVersion;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./prism run} as an operator meets it: exit statuses, one-line failures without stack
 * traces, the banner on standard error (standard output stays free for the access log), quiet
 * libraries, {@code --help} and {@code --port}, the generated key in front of OpenAI, and a
 * SIGTERM that lets a request in flight finish.
 */
class LauncherIT {
    private static final String MOCK_CONFIG = """
            server: { host: 127.0.0.1, port: %d }
            providers:
              mock: { type: mock }
            models:
              tts-1: { targets: [ { provider: mock } ] }
            keys:
              - { name: ops, key: sk-launcher-test }
            """;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    private Path config(String yaml) throws Exception {
        return Files.writeString(dir.resolve("prism.yaml"), yaml);
    }

    /** Standard error without the launcher's own line naming the JDK. */
    private static List<String> prismLines(LaunchedPrism prism) {
        return Arrays.stream(prism.stderr().split("\n")).filter(l -> !l.isBlank())
                .filter(l -> !l.startsWith("prism: using JDK")).toList();
    }

    private HttpResponse<String> get(int port, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        for (String flag : List.of("--help", "-h")) {
            try (LaunchedPrism prism = LaunchedPrism.start(Map.of(), flag)) {
                assertThat(prism.exitStatus()).isZero();
                assertThat(prism.stdout()).startsWith("usage: prism run").contains("--config").contains("--port")
                        .contains("SIGTERM");
            }
        }
    }

    @Test
    void anUnknownArgumentExits64WithTheUsage() throws Exception {
        try (LaunchedPrism prism = LaunchedPrism.start(Map.of(), "--prot", "9000")) {
            assertThat(prism.exitStatus()).isEqualTo(64);
            assertThat(prism.stderr()).contains("prism: unknown argument '--prot'").contains("usage: prism run");
        }
    }

    @Test
    void aBusyPortExitsOneWithOneLineNamingTheAddressAndTheFix() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            try (LaunchedPrism prism = LaunchedPrism.start(Map.of(), "--config", config(MOCK_CONFIG.formatted(port)).toString())) {
                assertThat(prism.exitStatus()).isEqualTo(1);
                assertThat(prismLines(prism)).containsExactly("prism: cannot start: the address 127.0.0.1:" + port
                        + " is already in use; choose another port with server.port in the configuration or --port N"
                        + " on the command line");
                assertThat(prism.stdout()).isEmpty();
            }
        }
    }

    @Test
    void configurationMistakesExitTwoListingEveryProblemWithoutAStackTrace() throws Exception {
        Path file = config("""
                server: { port: 8080, max_upload_mb: 0 }
                providers:
                  mock: { type: mock }
                models:
                  tts-1: { targets: [ { provider: mokc } ] }
                keys:
                  - { name: ops, key: sk-launcher-test }
                """);
        try (LaunchedPrism prism = LaunchedPrism.start(Map.of(), "--config", file.toString())) {
            assertThat(prism.exitStatus()).isEqualTo(2);
            assertThat(prismLines(prism)).containsExactly(
                    "prism: 2 configuration errors:",
                    "  server.max_upload_mb: must be at least 1",
                    "  models.tts-1.targets[0].provider: no provider named 'mokc'. Available: mock");
        }
    }

    @Test
    void aPluginJarThatDeclaresNoSpiVersionExitsTwoWithOneLineNamingTheJar() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = plugins.resolve("unversioned.jar");
        // Refused on its manifest alone, before any class of it is loaded: a service file is enough.
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), new Manifest())) {
            out.putNextEntry(new JarEntry("META-INF/services/dev.prism.spi.ProviderFactory"));
            out.write("example.Factory\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Path file = config(MOCK_CONFIG.formatted(0) + "plugins: { dir: \"" + plugins + "\" }\n");
        try (LaunchedPrism prism = LaunchedPrism.start(Map.of(), "--config", file.toString())) {
            assertThat(prism.exitStatus()).isEqualTo(2);
            assertThat(prismLines(prism)).singleElement().asString()
                    .startsWith("prism: configuration error: plugins: plugin jar " + jar + " declares no SPI version")
                    .contains("this Prism implements SPI " + SpiVersion.CURRENT);
        }
    }

    @Test
    void aMissingConfigurationFileSaysNotFound() throws Exception {
        try (LaunchedPrism prism = LaunchedPrism.start(Map.of(), "--config", dir.resolve("nope.yaml").toString())) {
            assertThat(prism.exitStatus()).isEqualTo(2);
            assertThat(prismLines(prism)).singleElement().asString()
                    .startsWith("prism: configuration error: configuration file " + dir.resolve("nope.yaml") + " not found");
        }
    }

    @Test
    void theBannerGoesToStandardErrorLibrariesStayQuietAndPortOverridesTheConfig() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // The configured port is taken: only --port lets this start.
            Path file = config(MOCK_CONFIG.formatted(taken.getLocalPort()));
            try (LaunchedPrism prism = LaunchedPrism.start(Map.of(), "--config", file.toString(), "--port", "0")) {
                int port = prism.awaitListening();

                assertThat(port).isNotEqualTo(taken.getLocalPort()).isPositive();
                assertThat(get(port, "/v1/models", "sk-launcher-test").statusCode()).isEqualTo(200);
                assertThat(prism.stderr()).contains("  config:    " + file.toAbsolutePath())
                        .contains("  uploads:   over 1 MiB spooled to ").contains("  cache:     off")
                        .doesNotContain("INFO").doesNotContain("Helidon").doesNotContain("Exception");
                assertThat(prism.terminate()).isIn(0, 143);
                assertThat(prism.stdout()).isEmpty();
            }
        }
    }

    @Test
    void theBuiltInDemoInFrontOfOpenAiMakesAKeyInsteadOfTheWellKnownOne() throws Exception {
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
                LaunchedPrism prism = LaunchedPrism.start(Map.of("OPENAI_API_KEY", "sk-upstream-test",
                        "OPENAI_BASE_URL", upstream.baseUrl()), "--port", "0")) {
            int port = prism.awaitListening();
            Matcher key = Pattern.compile("key:\\s+(sk-prism-[A-Za-z0-9]{32})\\s").matcher(prism.stderr());

            assertThat(key.find()).as(prism.stderr()).isTrue();
            assertThat(prism.stderr()).contains("set PRISM_KEY to choose your own");
            assertThat(get(port, "/v1/models", "sk-prism-demo").statusCode()).isEqualTo(401);
            assertThat(get(port, "/v1/models", key.group(1)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void prismKeyChoosesTheKeyOfTheBuiltInDemo() throws Exception {
        try (LaunchedPrism prism = LaunchedPrism.start(Map.of("PRISM_KEY", "sk-chosen-by-operator"), "--port", "0")) {
            int port = prism.awaitListening();

            assertThat(get(port, "/v1/models", "sk-chosen-by-operator").statusCode()).isEqualTo(200);
            assertThat(get(port, "/v1/models", "sk-prism-demo").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void theBuiltInDemoCachesSoTheReadmeExamplesShowIt() throws Exception {
        try (LaunchedPrism prism = LaunchedPrism.start(Map.of(), "--port", "0")) {
            int port = prism.awaitListening();
            HttpRequest speech = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/audio/speech"))
                    .header("Authorization", "Bearer sk-prism-demo").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"tts-1\",\"input\":\"Hello\",\"voice\":\"alloy\",\"response_format\":\"wav\"}"))
                    .build();

            assertThat(client.send(speech, HttpResponse.BodyHandlers.discarding()).headers()
                    .firstValue("x-prism-cache")).contains("MISS");
            assertThat(client.send(speech, HttpResponse.BodyHandlers.discarding()).headers()
                    .firstValue("x-prism-cache")).contains("HIT");
            assertThat(prism.stderr()).contains("  key:       sk-prism-demo").contains("nothing on disk");
        }
    }

    @Test
    void sigtermLetsARequestInFlightFinish() throws Exception {
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start()) {
            upstream.next("/audio/speech", Answer.likeOpenAi().afterDelay(Duration.ofMillis(1500)));
            Path file = config("""
                    server: { host: 127.0.0.1, port: 0 }
                    providers:
                      openai: { type: openai, base_url: "%s", api_key: sk-upstream-test }
                    models:
                      tts-1: { targets: [ { provider: openai } ] }
                    keys:
                      - { name: ops, key: sk-launcher-test }
                    """.formatted(upstream.baseUrl()));
            try (LaunchedPrism prism = LaunchedPrism.start(Map.of(), "--config", file.toString())) {
                int port = prism.awaitListening();
                CompletableFuture<HttpResponse<byte[]>> inFlight = client.sendAsync(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/v1/audio/speech"))
                        .header("Authorization", "Bearer sk-launcher-test").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\"}"))
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(upstream.awaitRequests(1, Duration.ofSeconds(20))).isTrue();

                assertThat(prism.terminate()).isIn(0, 143);
                HttpResponse<byte[]> answer = inFlight.get(20, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).isNotEmpty();
            }
        }
    }

    @Test
    void standardOutputCarriesTheAccessLogAloneOneLinePerRequest() throws Exception {
        Path file = config(MOCK_CONFIG.formatted(0) + "ledger: { enabled: false }\n");
        try (LaunchedPrism prism = LaunchedPrism.start(Map.of(), "--config", file.toString())) {
            int port = prism.awaitListening();
            HttpResponse<String> served = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/v1/audio/speech")).timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer sk-launcher-test").header("x-request-id", "launcher-served")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(get(port, "/v1/models", "sk-launcher-test").statusCode()).as("not a media call: no line")
                    .isEqualTo(200);

            // The line is written by a listener of the completed call, on its own thread, a moment after the
            // answer went out: wait for it (bounded) rather than race the stop. A call that completes in the
            // same milliseconds as SIGTERM can still lose its line (a shutdown race not found yet); this test
            // is about what standard output carries.
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (prism.stdout().isEmpty() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(prism.terminate()).isIn(0, 143);
            List<String> lines = prism.stdout().lines().toList();
            assertThat(lines).as("stderr: %s", prism.stderr()).hasSize(1);
            JsonNode line = new ObjectMapper().readTree(lines.get(0));
            assertThat(line.get("request_id").asText()).isEqualTo("launcher-served");
            assertThat(line.get("status").asInt()).isEqualTo(200);
            assertThat(line.get("key").asText()).isEqualTo("ops");
            assertThat(prism.stdout()).doesNotContain("sk-launcher-test");
            assertThat(prism.stderr()).contains("access log");
        }
    }

    @Test
    void aStartUpCacheTheJvmCannotReadNeitherStopsTheRunNorReachesStandardOutput() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the AOT cache needs JDK 25");
        Path corrupt = Files.write(dir.resolve("corrupt.aot"), "not an AOT cache".repeat(100).getBytes(StandardCharsets.UTF_8));
        try (LaunchedPrism prism = LaunchedPrism.start(Map.of("PRISM_JAVA_OPTS", "-XX:AOTCache=" + corrupt), "--port", "0")) {
            int port = prism.awaitListening();

            assertThat(get(port, "/v1/models", "sk-prism-demo").statusCode()).isEqualTo(200);
            assertThat(prism.stderr()).contains("AOT cache");
            assertThat(prism.terminate()).isIn(0, 143);
            assertThat(prism.stdout()).as("standard output is the access log's").isEmpty();
        }
    }

    @Test
    void aStartUpCacheMadeForAnotherBuildIsDroppedAndTheRunStartsWithoutIt() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the AOT cache needs JDK 25");
        // Its key does not match this classpath's. And this classpath has folders of classes (the build's
        // own), which the JVM cannot keep in a cache, so no new one is made either.
        Path cache = Files.writeString(dir.resolve("prism.aot"), "left from another build");
        Files.writeString(dir.resolve("prism.aot.key"), "0 0 0");
        try (LaunchedPrism prism = LaunchedPrism.start(Map.of("PRISM_STARTUP_CACHE_DIR", dir.toString()), "--port", "0")) {
            int port = prism.awaitListening();

            assertThat(get(port, "/v1/models", "sk-prism-demo").statusCode()).isEqualTo(200);
            assertThat(prism.stderr()).containsPattern("prism: no start-up cache: \\S+ is a folder of classes")
                    .doesNotContain("AOT cache");
            assertThat(cache).doesNotExist();
            assertThat(dir.resolve("prism.aot.key")).doesNotExist();
            assertThat(prism.terminate()).isIn(0, 143);
            assertThat(prism.stdout()).isEmpty();
        }
    }
}
