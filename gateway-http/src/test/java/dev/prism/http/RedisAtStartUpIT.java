package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real gateway ({@link Main} in a JVM of its own) started with a Redis address nobody listens
 * on: with {@code cache.on_unavailable: fail} it exits 2 at once with one line naming the setting
 * and what was tried; by default it starts and serves with the cache bypassed, saying so in one
 * WARN line. No stack trace either way.
 */
class RedisAtStartUpIT {
    /** A cold JVM on a busy machine; the gateway itself decides within redis.timeout (250ms). */
    private static final Duration JVM_BOUND = Duration.ofSeconds(90);
    private static final Pattern LISTENING = Pattern.compile("Prism listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    private Process gateway;

    @AfterEach
    void stopGateway() throws InterruptedException {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroy();
            if (!gateway.waitFor(20, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String config(String redisLines) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  mock: { type: mock }
                models:
                  tts-1: { targets: [ { provider: mock } ] }
                keys:
                  - { name: demo, key: sk-start-up-test }
                """ + redisLines;
    }

    /** Runs {@code dev.prism.http.Main --config FILE} on this test's class path, output to files. */
    private void launch(String yaml, String... arguments) throws IOException {
        Path config = Files.writeString(dir.resolve("prism.yaml"), yaml);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--config", config.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        builder.environment().remove("PRISM_CONFIG");
        gateway = builder.start();
    }

    private String stdout() throws IOException {
        return Files.readString(dir.resolve("stdout"));
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("stderr"));
    }

    private int exitCode() throws InterruptedException {
        assertThat(gateway.waitFor(JVM_BOUND.toSeconds(), TimeUnit.SECONDS)).as("the gateway exited").isTrue();
        return gateway.exitValue();
    }

    private static void assertNoStackTrace(String output) {
        assertThat(output).doesNotContainPattern("(?m)^\\s+at ").doesNotContain("Unable to create injector")
                .doesNotContain("Exception");
    }

    @Test
    void aWrongRedisUrlExitsWith2AndOneLineWhenTheCacheMustNotBeBypassed() throws Exception {
        int port = closedPort();
        launch(config("""
                redis: { url: "redis://127.0.0.1:%d" }
                cache: { provider: redis, on_unavailable: fail }
                """.formatted(port)));

        assertThat(exitCode()).isEqualTo(2);
        String errors = stderr();
        assertThat(errors.lines().filter(line -> line.startsWith("prism:")).toList()).containsExactly(
                "prism: configuration error: redis.url: cannot reach Redis at 127.0.0.1:" + port + " within 250ms:"
                        + " connection refused (cache.on_unavailable is fail: Prism does not start without its cache)");
        assertNoStackTrace(errors + stdout());
        assertThat(stderr() + stdout()).doesNotContain("Prism listening");
    }

    @Test
    void aWrongCacheRedisUrlIsNamedAsSuchAndIsAConfigMistakeEvenWithDebug() throws Exception {
        int port = closedPort();
        launch(config("""
                redis: { url: "redis://127.0.0.1:6379" }
                cache: { provider: redis, redis_url: "redis://127.0.0.1:%d", on_unavailable: fail }
                """.formatted(port)), "--debug");

        assertThat(exitCode()).isEqualTo(2);
        assertThat(stderr()).contains("prism: configuration error: cache.redis_url: cannot reach Redis at 127.0.0.1:" + port);
        assertNoStackTrace(stderr() + stdout());
    }

    @Test
    void aWrongRedisUrlByDefaultStartsServingWithTheCacheBypassedAndSaysSoOnce() throws Exception {
        int port = closedPort();
        launch(config("""
                cache: { provider: redis, redis_url: "redis://127.0.0.1:%d" }
                """.formatted(port)));

        int gatewayPort = awaitListening();
        // One log line each, "<time> WARNING <logger>: <message>", on standard error.
        List<String> warnings = stderr().lines().filter(line -> line.contains(" WARNING ")).toList();
        assertThat(warnings).singleElement().asString().endsWith(": cache.redis_url: cannot reach Redis at 127.0.0.1:"
                + port + " within 250ms: connection refused; serving with the cache bypassed until it answers"
                + " (cache.on_unavailable: bypass)");
        assertNoStackTrace(stderr() + stdout());

        HttpResponse<byte[]> speech = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gatewayPort + "/v1/audio/speech"))
                .header("Authorization", "Bearer sk-start-up-test").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":\"alloy\"}"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(speech.statusCode()).isEqualTo(200);
        assertThat(speech.headers().firstValue("x-prism-cache")).hasValue("BYPASS");
    }

    private int awaitListening() throws IOException {
        long deadline = System.nanoTime() + JVM_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher listening = LISTENING.matcher(stderr());
            if (listening.find()) {
                return Integer.parseInt(listening.group(1));
            }
            assertThat(gateway.isAlive()).as("gateway still running; stderr: %s", stderr()).isTrue();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new AssertionError("not listening within " + JVM_BOUND + "; stderr: " + stderr());
    }
}
