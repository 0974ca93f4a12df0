package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.MutableClock;
import dev.prism.testkit.StreamedBody;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate limits through the real gateway, under a clock that stands still (no token comes back while
 * a test runs): OpenAI's 429 and headers, exact counts under concurrency, units, the cache, caps on
 * calls in flight, and a provider's own limit.
 */
class RateLimitIT {
    private static final String KEY = "sk-rate-limit-test";
    private static final String FREE_KEY = "sk-rate-limit-free";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingAt("2026-11-29T10:00:00Z");

    private String config(String keyLimit, String extra) {
        return """
                server: { host: 127.0.0.1, port: 0, max_in_flight: 400 }
                providers:
                  mock: { type: mock }
                models:
                  tts-1: { targets: [ { provider: mock } ] }
                keys:
                  - { name: team-a, key: %s, rate_limit: %s }
                  - { name: team-free, key: %s }
                ledger: { url: "jdbc:h2:file:%s", spill_dir: "%s" }
                %s
                """.formatted(KEY, keyLimit, FREE_KEY, dir.resolve("ledger"), dir.resolve("spill"), extra);
    }

    private static HttpResponse<byte[]> speech(RunningPrism prism, String key, String input) {
        return prism.postJson("/v1/audio/speech", key, "{\"model\":\"tts-1\",\"input\":\"" + input
                + "\",\"voice\":\"alloy\",\"response_format\":\"wav\"}");
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void headersCountDownInRequestsAndCharactersThenARefusalIsOpenAisRateLimitError() throws Exception {
        try (RunningPrism prism = RunningPrism.start(config("{ requests_per_minute: 3, characters_per_minute: 1000 }", ""),
                clock)) {
            List<String> requestsLeft = new ArrayList<>();
            List<String> charactersLeft = new ArrayList<>();
            for (String input : List.of("hello", "hello world", "hi")) {
                HttpResponse<byte[]> ok = speech(prism, KEY, input);
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(header(ok, "x-ratelimit-limit-requests")).isEqualTo("3");
                assertThat(header(ok, "x-ratelimit-limit-tokens")).isEqualTo("1000");
                requestsLeft.add(header(ok, "x-ratelimit-remaining-requests"));
                charactersLeft.add(header(ok, "x-ratelimit-remaining-tokens"));
            }
            assertThat(requestsLeft).containsExactly("2", "1", "0");
            // The tokens Prism reports for speech are input characters: down by exactly each input's length.
            assertThat(charactersLeft).containsExactly("995", "984", "982");

            HttpResponse<byte[]> refused = speech(prism, KEY, "hello");
            assertThat(refused.statusCode()).isEqualTo(429);
            JsonNode error = JSON.readTree(refused.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(error.get("type").asText()).isEqualTo("requests");
            assertThat(error.get("param").isNull()).isTrue();
            assertThat(error.get("message").asText()).contains("requests_per_minute for key team-a").doesNotContain(KEY);
            // Three a minute, refilled continuously: the next one is back in 20 s, and the bucket is full in a minute.
            assertThat(header(refused, "retry-after")).isEqualTo("20");
            assertThat(header(refused, "retry-after-ms")).isEqualTo("20000");
            assertThat(header(refused, "x-ratelimit-remaining-requests")).isEqualTo("0");
            assertThat(header(refused, "x-ratelimit-reset-requests")).isEqualTo("1m0s");
            assertThat(header(refused, "x-should-retry")).isNull();

            // The refused request consumed nothing: a minute later all three are back, not two.
            clock.advance(java.time.Duration.ofMinutes(1));
            assertThat(header(speech(prism, KEY, "hello"), "x-ratelimit-remaining-requests")).isEqualTo("2");

            HttpResponse<byte[]> free = speech(prism, FREE_KEY, "hello");
            assertThat(free.statusCode()).isEqualTo(200);
            assertThat(free.headers().map().keySet()).noneMatch(name -> name.startsWith("x-ratelimit"));
        }
    }

    @Test
    void twoHundredConcurrentRequestsAgainstALimitOfFiftyServeExactlyFifty() throws Exception {
        try (RunningPrism prism = RunningPrism.start(config("{ requests_per_minute: 50 }", ""), clock)) {
            List<Future<Integer>> statuses = new ArrayList<>();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 200; i++) {
                    statuses.add(clients.submit(() -> speech(prism, KEY, "hello").statusCode()));
                }
            }
            long ok = 0;
            long refused = 0;
            for (Future<Integer> status : statuses) {
                ok += status.get() == 200 ? 1 : 0;
                refused += status.get() == 429 ? 1 : 0;
            }
            assertThat(ok).isEqualTo(50);
            assertThat(refused).isEqualTo(150);
        }
    }

    @Test
    void aCacheHitSpendsARequestButNotTheCharactersItDidNotCost() throws Exception {
        try (RunningPrism prism = RunningPrism.start(config("{ requests_per_minute: 10, characters_per_minute: 100 }",
                "cache: { enabled: true, disk_mb: 0 }"), clock)) {
            HttpResponse<byte[]> miss = speech(prism, KEY, "cache me");
            assertThat(header(miss, "x-prism-cache")).isEqualTo("MISS");
            assertThat(header(miss, "x-ratelimit-remaining-tokens")).isEqualTo("92");
            HttpResponse<byte[]> hit = speech(prism, KEY, "cache me");
            assertThat(header(hit, "x-prism-cache")).isEqualTo("HIT");
            assertThat(header(hit, "x-ratelimit-remaining-requests")).isEqualTo("8");
            assertThat(header(hit, "x-ratelimit-remaining-tokens")).isEqualTo("92");
        }
    }

    @Test
    void aRequestLargerThanAWholeWindowIsRefusedAndTheSdksAreToldNotToRetry() throws Exception {
        try (RunningPrism prism = RunningPrism.start(config("{ characters_per_minute: 10 }", ""), clock)) {
            HttpResponse<byte[]> refused = speech(prism, KEY, "this is longer than ten");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(header(refused, "x-should-retry")).isEqualTo("false");
            assertThat(JSON.readTree(refused.body()).at("/error/message").asText())
                    .contains("characters_per_minute for key team-a allows in a whole minute (10)");
        }
    }

    @Test
    void aProvidersLimitSendsTheCallToTheNextTargetAndRefusesWhenNoneIsLeft() throws Exception {
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  capped: { type: mock, rate_limit: { requests_per_minute: 1 } }
                  spare: { type: mock, rate_limit: { requests_per_minute: 1 } }
                models:
                  tts-1: { targets: [ { provider: capped }, { provider: spare } ] }
                keys:
                  - { name: team-a, key: %s, rate_limit: { requests_per_minute: 100 } }
                ledger: { url: "jdbc:h2:file:%s", spill_dir: "%s" }
                """.formatted(KEY, dir.resolve("ledger"), dir.resolve("spill"));
        try (RunningPrism prism = RunningPrism.start(yaml, clock)) {
            assertThat(header(speech(prism, KEY, "one"), "x-prism-provider")).isEqualTo("capped");
            HttpResponse<byte[]> second = speech(prism, KEY, "two");
            assertThat(header(second, "x-prism-provider")).isEqualTo("spare");
            // The provider's limit has the least left, so it is the one the headers show.
            assertThat(header(second, "x-ratelimit-limit-requests")).isEqualTo("1");
            assertThat(header(second, "x-ratelimit-remaining-requests")).isEqualTo("0");
            HttpResponse<byte[]> third = speech(prism, KEY, "three");
            assertThat(third.statusCode()).isEqualTo(429);
            JsonNode error = JSON.readTree(third.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(error.get("message").asText()).contains("requests_per_minute for provider capped")
                    .contains("requests_per_minute for provider spare");
            assertThat(header(third, "retry-after")).isEqualTo("60");
        }
    }

    @Test
    void maxConcurrentHoldsAPlaceUntilAStreamsLastByteAndFreesItWhenTheClientLeaves() throws Exception {
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start()) {
            String yaml = """
                    server: { host: 127.0.0.1, port: 0 }
                    providers:
                      openai: { type: openai, base_url: %s, api_key: sk-upstream, timeout: 20s }
                    models:
                      tts-1: { targets: [ { provider: openai } ] }
                    keys:
                      - { name: team-a, key: %s, rate_limit: { max_concurrent: 1 } }
                    ledger: { url: "jdbc:h2:file:%s", spill_dir: "%s" }
                    """.formatted(upstream.baseUrl(), KEY, dir.resolve("ledger"), dir.resolve("spill"));
            try (RunningPrism prism = RunningPrism.start(yaml, clock)) {
                StreamedBody first = StreamedBody.create().send("chunk one");
                upstream.next("/audio/speech", Answer.streamed("audio/mpeg", first));
                HttpRequest streamRequest = prism.request("/v1/audio/speech/stream", KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tts-1\",\"input\":\"stream\",\"voice\":\"alloy\"}"))
                        .build();
                HttpResponse<InputStream> streaming = prism.client().send(streamRequest, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = streaming.body()) {
                    assertThat(new String(Bounded.read(in, 9), StandardCharsets.UTF_8)).isEqualTo("chunk one");
                    // The stream is open: its place is held.
                    HttpResponse<byte[]> refused = speech(prism, KEY, "meanwhile");
                    assertThat(refused.statusCode()).isEqualTo(429);
                    assertThat(JSON.readTree(refused.body()).at("/error/message").asText())
                            .startsWith("Rate limit reached: max_concurrent for key team-a is 1");
                    first.send(" and the end").end();
                    assertThat(new String(Bounded.readAll(in), StandardCharsets.UTF_8)).isEqualTo(" and the end");
                }
                assertThat(speech(prism, KEY, "after the end").statusCode()).isEqualTo(200);

                // A client that leaves mid-stream frees its place at once.
                StreamedBody second = StreamedBody.create().send("chunk one");
                upstream.next("/audio/speech", Answer.streamed("audio/mpeg", second));
                HttpResponse<InputStream> left = prism.client().send(streamRequest, HttpResponse.BodyHandlers.ofInputStream());
                InputStream in = left.body();
                Bounded.read(in, 9);
                in.close();
                // Prism notices when it next writes: the upstream sends on until a write to the client fails.
                Bounded.await("the place of the client that left is free", () -> {
                    second.send("more audio");
                    return speech(prism, KEY, "after leaving").statusCode() == 200;
                }, java.time.Duration.ofSeconds(10));
                second.end();
            }
        }
    }
}
