package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.core.limit.LimitOutages;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.LocalRedisServer;
import dev.prism.testkit.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The Redis of {@code rate_limit.store: redis} goes away while the gateway serves: requests go
 * through unlimited ({@code on_store_error: allow}) or are refused with 503 ({@code deny}); once
 * Redis is back (the breaker's cooldown past), limits are enforced again.
 */
class RateLimitStoreOutageIT {
    private static final String KEY = "sk-limit-outage-key";
    private static final Duration BACK_WITHIN = Duration.ofSeconds(30);
    private static final String BODY = "{\"model\":\"tts-1\",\"input\":\"hello\",\"voice\":\"alloy\"}";

    private final MutableClock clock = MutableClock.startingAt("2026-11-23T10:00:00Z");

    private static String config(FakeOpenAiUpstream upstream, LocalRedisServer redis, String onStoreError) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  up: { type: openai, base_url: %s, api_key: sk-upstream-secret, retry: { max_attempts: 1 } }
                models:
                  tts-1: { targets: [ { provider: up } ] }
                keys:
                  - { name: limited-%s, key: %s, rate_limit: { requests_per_minute: 2 } }
                redis: { url: "%s", timeout: 250ms, circuit_breaker: { failure_threshold: 3, cooldown: 1s } }
                rate_limit: { store: redis, on_store_error: %s }
                telemetry: { metrics_key_required: false }
                """.formatted(upstream.baseUrl(), UUID.randomUUID(), KEY, redis.url(), onStoreError);
    }

    private static int speech(RunningPrism prism) {
        return prism.postJson("/v1/audio/speech", KEY, BODY).statusCode();
    }

    /** Sends requests until one gets {@code status}, within {@link #BACK_WITHIN}; returns how many were sent. */
    private static int untilOneGets(RunningPrism prism, int status) {
        long deadline = System.nanoTime() + BACK_WITHIN.toNanos();
        int sent = 0;
        while (System.nanoTime() < deadline) {
            sent++;
            if (speech(prism) == status) {
                return sent;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        throw new AssertionError("no " + status + " within " + BACK_WITHIN + " (" + sent + " requests)");
    }

    @Test
    void whileTheStoreIsDownRequestsGoThroughUnlimitedWhenAllowedAndAreLimitedAgainOnceItIsBack() {
        try (LocalRedisServer redis = LocalRedisServer.start();
                FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
                RunningPrism prism = RunningPrism.start(config(upstream, redis, "allow"), clock)) {
            assertThat(speech(prism)).isEqualTo(200);
            assertThat(speech(prism)).isEqualTo(200);
            assertThat(speech(prism)).as("the third of 2 a minute").isEqualTo(429);

            redis.kill();
            for (int i = 0; i < 6; i++) {
                assertThat(speech(prism)).as("request %d while Redis is down", i).isEqualTo(200);
            }
            assertThat(prism.component(LimitOutages.class).allowed()).isEqualTo(6);
            // The metric an operator alerts on says the same.
            PrometheusText scrape = PrometheusText.parse(new String(prism.get("/metrics", null).body(),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertThat(scrape.sum("prism_rate_limit_store_unavailable_total", java.util.Map.of("outcome", "allowed")))
                    .isEqualTo(6);

            redis.startAgain(); // empty: the key's bucket starts full again
            untilOneGets(prism, 429);
            assertThat(speech(prism)).isEqualTo(429);
        }
    }

    @Test
    void whileTheStoreIsDownRequestsAreRefusedWhenDeniedAndServedAgainOnceItIsBack() {
        try (LocalRedisServer redis = LocalRedisServer.start();
                FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
                RunningPrism prism = RunningPrism.start(config(upstream, redis, "deny"), clock)) {
            assertThat(speech(prism)).isEqualTo(200);
            assertThat(prism.get("/health/ready", null).statusCode()).isEqualTo(200);

            redis.kill();
            HttpResponse<byte[]> refused = prism.postJson("/v1/audio/speech", KEY, BODY);
            JsonNode error = OpenAiErrors.assertError(refused, 503);
            assertThat(error.path("type").asText()).isEqualTo("service_unavailable_error");
            assertThat(error.path("message").asText()).contains("rate limits").doesNotContain("127.0.0.1");
            assertThat(upstream.requests("/audio/speech")).hasSize(1);
            assertThat(prism.component(LimitOutages.class).refused()).isEqualTo(1);
            // Refusing every limited request, the gateway says it is not ready, without naming the store's address.
            HttpResponse<byte[]> notReady = prism.get("/health/ready", null);
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(new String(notReady.body(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("rate limit store unreachable").doesNotContain("127.0.0.1");

            redis.startAgain();
            untilOneGets(prism, 200);
            assertThat(prism.get("/health/ready", null).statusCode()).isEqualTo(200);
            assertThat(speech(prism)).isEqualTo(200);
            assertThat(speech(prism)).as("the third of 2 a minute since Redis came back").isEqualTo(429);
        }
    }
}
