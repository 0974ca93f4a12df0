package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.StreamedBody;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access log: exactly one JSON line per request, whatever its fate (served, refused before the
 * key was known, refused for its body, failed upstream, left by its client mid-stream), written
 * whole under concurrency, and holding no key and no input text.
 */
class AccessLogIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-prism-access-log-key";
    private static final String WRONG_KEY = "sk-prism-not-a-real-key";
    private static final String GOOD_UPSTREAM_KEY = "sk-upstream-good-secret";
    private static final String BAD_UPSTREAM_KEY = "sk-upstream-bad-secret";
    private static final String INPUT = "Whisper this secret sentence";

    @TempDir
    Path dir;

    private enum Fate { SERVED, BAD_KEY, BAD_BODY, UPSTREAM_FAILED }

    private String config(FakeOpenAiUpstream good, FakeOpenAiUpstream bad, FakeOpenAiUpstream streaming, Path log) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  good: { type: openai, base_url: %s, api_key: %s }
                  bad: { type: openai, base_url: %s, api_key: %s, retry: { max_attempts: 1 } }
                  streaming: { type: openai, base_url: %s, api_key: %s }
                models:
                  tts-1: { targets: [ { provider: good } ] }
                  broken-tts: { targets: [ { provider: bad, model: tts-1 } ] }
                  stream-tts: { targets: [ { provider: streaming, model: tts-1 } ] }
                keys:
                  - { name: access, key: %s }
                cache: { enabled: false }
                ledger: { enabled: false }
                access_log: { file: "%s" }
                """.formatted(good.baseUrl(), GOOD_UPSTREAM_KEY, bad.baseUrl(), BAD_UPSTREAM_KEY, streaming.baseUrl(),
                GOOD_UPSTREAM_KEY, KEY, log);
    }

    private static String speech(String model) {
        return "{\"model\":\"" + model + "\",\"input\":\"" + INPUT + "\",\"voice\":\"alloy\"}";
    }

    private static HttpRequest request(RunningPrism prism, String path, String key, String requestId, String body) {
        return prism.request(path, key).header("x-request-id", requestId).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    private static String body(Fate fate) {
        return switch (fate) {
            case SERVED, BAD_KEY -> speech("tts-1");
            case BAD_BODY -> "{\"model\":\"tts-1\",\"voice\":\"alloy\"}";
            case UPSTREAM_FAILED -> speech("broken-tts");
        };
    }

    private static HttpRequest request(RunningPrism prism, Fate fate, String requestId) {
        return request(prism, "/v1/audio/speech", fate == Fate.BAD_KEY ? WRONG_KEY : KEY, requestId, body(fate));
    }

    private static int expectedStatus(Fate fate) {
        return switch (fate) {
            case SERVED -> 200;
            case BAD_KEY -> 401;
            case BAD_BODY -> 400;
            case UPSTREAM_FAILED -> 502;
        };
    }

    @Test
    void everyRequestOfAConcurrentMixLeavesExactlyOneLineAndNoSecret() throws Exception {
        Path log = dir.resolve("logs").resolve("access.jsonl");
        byte[] chunk = new byte[64 * 1024];
        StreamedBody stream = StreamedBody.create().send(chunk);
        Map<String, Fate> fates = new LinkedHashMap<>();
        for (int i = 0; i < 49; i++) {
            fates.put("al-" + i, Fate.values()[i % Fate.values().length]);
        }
        String leaving = "al-leaves";
        try (FakeOpenAiUpstream good = FakeOpenAiUpstream.start();
                FakeOpenAiUpstream bad = FakeOpenAiUpstream.start();
                FakeOpenAiUpstream streaming = FakeOpenAiUpstream.start()) {
            bad.always("/audio/speech", Answer.error(500, "upstream broke"));
            streaming.next("/audio/speech", Answer.streamed("audio/mpeg", stream));
            try (RunningPrism prism = RunningPrism.start(config(good, bad, streaming, log))) {
                CountDownLatch go = new CountDownLatch(1);
                try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                    Map<String, Future<Integer>> statuses = new LinkedHashMap<>();
                    fates.forEach((id, fate) -> statuses.put(id, clients.submit(() -> {
                        go.await();
                        return prism.send(request(prism, fate, id)).statusCode();
                    })));
                    Future<?> leaver = clients.submit(() -> {
                        go.await();
                        HttpResponse<InputStream> response = prism.client().send(request(prism,
                                "/v1/audio/speech/stream", KEY, leaving, speech("stream-tts")),
                                HttpResponse.BodyHandlers.ofInputStream());
                        try (InputStream in = response.body()) {
                            Bounded.read(in, chunk.length);
                        }
                        return null;
                    });
                    go.countDown();
                    leaver.get();
                    // Far more than any socket buffer holds: the gateway's write to the gone client fails.
                    for (int i = 0; i < 400 && !stream.brokenOff(); i++) {
                        stream.send(chunk);
                    }
                    assertThat(stream.awaitWriteFailure(Bounded.WAIT)).isTrue();
                    for (Map.Entry<String, Future<Integer>> status : statuses.entrySet()) {
                        assertThat(status.getValue().get()).as(status.getKey())
                                .isEqualTo(expectedStatus(fates.get(status.getKey())));
                    }
                }
            }
            // The gateway is closed: every line is written and the file flushed.
        }

        String text = Files.readString(log);
        assertThat(text).doesNotContain(KEY, WRONG_KEY, GOOD_UPSTREAM_KEY, BAD_UPSTREAM_KEY, INPUT, "Bearer");
        List<String> lines = text.lines().toList();
        Map<String, JsonNode> byRequest = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (String line : lines) {
            JsonNode entry = JSON.readTree(line);
            ids.add(entry.get("request_id").asText());
            byRequest.put(entry.get("request_id").asText(), entry);
        }
        List<String> expected = new ArrayList<>(fates.keySet());
        expected.add(leaving);
        assertThat(ids).as("one line per request").containsExactlyInAnyOrderElementsOf(expected);

        fates.forEach((id, fate) -> {
            JsonNode entry = byRequest.get(id);
            assertThat(entry.get("status").asInt()).as(id).isEqualTo(expectedStatus(fate));
            assertThat(entry.get("call_id").asText()).isNotBlank();
            assertThat(entry.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(entry.get("duration_ms").isNumber()).isTrue();
            assertThat(entry.get("bytes_in").isIntegralNumber()).isTrue();
            if (fate == Fate.SERVED || fate == Fate.UPSTREAM_FAILED) {
                assertThat(entry.get("bytes_in").asLong()).isEqualTo(body(fate).getBytes(StandardCharsets.UTF_8).length);
            }
            switch (fate) {
                case SERVED -> {
                    assertThat(entry.get("key").asText()).isEqualTo("access");
                    assertThat(entry.get("endpoint").asText()).isEqualTo("speech");
                    assertThat(entry.get("model").asText()).isEqualTo("tts-1");
                    assertThat(entry.get("provider").asText()).isEqualTo("good");
                    assertThat(entry.get("upstream_model").asText()).isEqualTo("tts-1");
                    assertThat(entry.has("error")).isFalse();
                    assertThat(entry.get("attempts").asInt()).isEqualTo(1);
                    assertThat(entry.get("ttfb_ms").asDouble()).isPositive();
                    assertThat(entry.get("cache").asText()).isEqualTo("not_cached");
                    assertThat(entry.get("units").get("characters").asInt()).isEqualTo(INPUT.length());
                    assertThat(entry.get("estimated").isBoolean()).isTrue();
                    assertThat(entry.get("bytes_out").asLong()).isPositive();
                    if (entry.has("cost_usd")) {
                        assertThat(entry.get("cost_usd").isTextual()).isTrue();
                        assertThat(new java.math.BigDecimal(entry.get("cost_usd").asText())).isNotNegative();
                    }
                }
                case BAD_KEY -> {
                    assertThat(entry.has("key")).as("no key was recognised").isFalse();
                    assertThat(entry.get("error").asText()).isEqualTo("authentication");
                    assertThat(entry.get("attempts").asInt()).isZero();
                    assertThat(entry.has("ttfb_ms")).isFalse();
                    assertThat(entry.has("cost_usd")).isFalse();
                }
                case BAD_BODY -> {
                    assertThat(entry.get("key").asText()).isEqualTo("access");
                    assertThat(entry.get("error").asText()).isEqualTo("invalid_request");
                    assertThat(entry.get("attempts").asInt()).isZero();
                }
                case UPSTREAM_FAILED -> {
                    assertThat(entry.get("model").asText()).isEqualTo("broken-tts");
                    assertThat(entry.get("error").asText()).isEqualTo("upstream_failed");
                    // Once the failures open the target's breaker, the rest are refused without an attempt.
                    assertThat(entry.get("attempts").asInt()).isBetween(0, 1);
                    assertThat(entry.has("ttfb_ms")).isFalse();
                }
            }
        });
        JsonNode left = byRequest.get(leaving);
        assertThat(left.get("status").asInt()).isEqualTo(499);
        assertThat(left.get("provider").asText()).isEqualTo("streaming");
        assertThat(left.get("bytes_out").asLong()).isGreaterThanOrEqualTo(chunk.length);
    }

    @Test
    void accessLogOffWritesNothing() throws Exception {
        Path log = dir.resolve("off.jsonl");
        try (FakeOpenAiUpstream good = FakeOpenAiUpstream.start();
                RunningPrism prism = RunningPrism.start(config(good, good, good, log)
                        .replace("access_log: { file:", "access_log: { enabled: false, file:"))) {
            assertThat(prism.postJson("/v1/audio/speech", KEY, speech("tts-1")).statusCode()).isEqualTo(200);
        }
        assertThat(log).doesNotExist();
    }
}
