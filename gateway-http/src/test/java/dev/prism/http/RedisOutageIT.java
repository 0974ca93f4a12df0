package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.core.cache.CacheOutages;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.LocalRedisServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A Redis that goes away while the gateway serves: cacheable requests are answered without the
 * cache ({@code x-prism-cache: BYPASS}) and promptly, or refused with 503 when the cache must not be
 * bypassed; once Redis is back, the cache is used again.
 */
class RedisOutageIT {
    /** Generous: the outage must cost a request at most redis.timeout, far below this. */
    private static final Duration PROMPT = Duration.ofSeconds(2);
    private static final String KEY = "sk-outage-test-key";

    private static String config(FakeOpenAiUpstream upstream, LocalRedisServer redis, String onUnavailable) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  up: { type: openai, base_url: %s, api_key: sk-upstream-secret, retry: { max_attempts: 1 } }
                models:
                  tts-1: { targets: [ { provider: up } ] }
                keys:
                  - { name: outage, key: %s }
                redis: { url: "%s", timeout: 250ms, circuit_breaker: { failure_threshold: 3, cooldown: 2s } }
                cache: { provider: redis, ttl: 10m, on_unavailable: %s }
                """.formatted(upstream.baseUrl(), KEY, redis.url(), onUnavailable);
    }

    private static final int SAMPLES = 10;

    private static List<Long> millis(List<Duration> durations) {
        return durations.stream().map(Duration::toMillis).toList();
    }

    private static String speech(String input) {
        return "{\"model\":\"tts-1\",\"input\":\"" + input + "\",\"voice\":\"alloy\"}";
    }

    private record Timed(HttpResponse<byte[]> response, Duration elapsed) {}

    private static Timed post(RunningPrism prism, String body, String... headers) {
        HttpRequest.Builder request = prism.request("/v1/audio/speech", KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        long start = System.nanoTime();
        HttpResponse<byte[]> response = prism.send(request.build());
        return new Timed(response, Duration.ofNanos(System.nanoTime() - start));
    }

    private static String cacheHeader(Timed timed) {
        return timed.response().headers().firstValue("x-prism-cache").orElse("(none)");
    }

    @Test
    void whileRedisIsDownRequestsBypassTheCachePromptlyAndUseItAgainOnceItIsBack() {
        String body = speech("outage " + UUID.randomUUID());
        try (LocalRedisServer redis = LocalRedisServer.start();
                FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
                RunningPrism prism = RunningPrism.start(config(upstream, redis, "bypass"))) {
            Timed miss = post(prism, body);
            Timed hit = post(prism, body);
            assertThat(cacheHeader(miss)).isEqualTo("MISS");
            assertThat(cacheHeader(hit)).isEqualTo("HIT");
            // What a request costs without the cache: the upstream and the gateway, nothing else.
            List<Duration> normal = new ArrayList<>();
            for (int i = 0; i < SAMPLES; i++) {
                normal.add(post(prism, body, "Cache-Control", "no-store").elapsed());
            }

            redis.kill();
            // The first failure_threshold requests try Redis and fail; the breaker then skips it.
            List<Duration> down = new ArrayList<>();
            for (int i = 0; i < 3 + SAMPLES; i++) {
                Timed during = post(prism, body);
                assertThat(during.response().statusCode()).isEqualTo(200);
                assertThat(cacheHeader(during)).isEqualTo("BYPASS");
                assertThat(during.response().body()).isEqualTo(miss.response().body());
                assertThat(during.elapsed()).isLessThan(PROMPT);
                down.add(during.elapsed());
            }
            assertThat(prism.component(CacheOutages.class).bypassed()).isEqualTo(3 + SAMPLES);
            System.out.printf("RedisOutageIT latency (ms): no-store %s; Redis down, first three %s, breaker open %s%n",
                    millis(normal), millis(down.subList(0, 3)), millis(down.subList(3, down.size())));

            redis.startAgain();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Timed back = post(prism, body);
            while (cacheHeader(back).equals("BYPASS") && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                back = post(prism, body);
            }
            // The restarted Redis is empty: the entry is stored anew, then served from it.
            assertThat(cacheHeader(back)).isEqualTo("MISS");
            assertThat(cacheHeader(post(prism, body))).isEqualTo("HIT");
        }
    }

    @Test
    void whileRedisIsDownCacheableRequestsAreRefusedWhenTheCacheMustNotBeBypassed() {
        String body = speech("strict " + UUID.randomUUID());
        try (LocalRedisServer redis = LocalRedisServer.start();
                FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
                RunningPrism prism = RunningPrism.start(config(upstream, redis, "fail"))) {
            assertThat(cacheHeader(post(prism, body))).isEqualTo("MISS");
            assertThat(cacheHeader(post(prism, body))).isEqualTo("HIT");

            redis.kill();
            Timed refused = post(prism, body);

            JsonNode error = OpenAiErrors.assertError(refused.response(), 503);
            assertThat(error.path("type").asText()).isEqualTo("service_unavailable_error");
            assertThat(error.path("code").asText()).isEqualTo("cache_unavailable");
            assertThat(refused.elapsed()).isLessThan(PROMPT);
            assertThat(upstream.requests("/audio/speech")).hasSize(1);
            assertThat(prism.component(CacheOutages.class).refused()).isEqualTo(1);
            System.out.printf("RedisOutageIT latency: refused while Redis is down %d ms%n", refused.elapsed().toMillis());
        }
    }
}
