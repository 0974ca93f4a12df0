package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.MutableClock;
import dev.prism.testkit.TestServices;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Two gateways with {@code rate_limit.store: redis} on one Redis enforce a key's limit together, exactly. */
class SharedRateLimitsIT {
    private static String config(FakeOpenAiUpstream upstream, String redisUrl, String keyName, String key) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  up: { type: openai, base_url: %s, api_key: sk-upstream-secret, retry: { max_attempts: 1 } }
                models:
                  tts-1: { targets: [ { provider: up } ] }
                keys:
                  - { name: %s, key: %s, rate_limit: { requests_per_minute: 50 } }
                rate_limit: { store: redis, redis_url: "%s" }
                """.formatted(upstream.baseUrl(), keyName, key, redisUrl);
    }

    @Test
    void ofAHundredConcurrentRequestsSplitAcrossTwoGatewaysExactlyFiftyAreServed() throws Exception {
        String redisUrl = TestServices.redisUrl();
        // A key of this run's own: its bucket in Redis is new, whatever earlier runs left.
        String keyName = "shared-" + UUID.randomUUID();
        String key = "sk-" + UUID.randomUUID();
        MutableClock clock = MutableClock.startingAt("2026-11-23T10:00:00Z"); // refills nothing while the test runs
        String body = "{\"model\":\"tts-1\",\"input\":\"hello\",\"voice\":\"alloy\"}";
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
                RunningPrism first = RunningPrism.start(config(upstream, redisUrl, keyName, key), clock);
                RunningPrism second = RunningPrism.start(config(upstream, redisUrl, keyName, key), clock);
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<byte[]>>> responses = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                RunningPrism gateway = i % 2 == 0 ? first : second;
                responses.add(clients.submit(() -> gateway.postJson("/v1/audio/speech", key, body)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<byte[]>> response : responses) {
                statuses.add(response.get().statusCode());
            }

            Map<Integer, Long> byStatus = statuses.stream().collect(Collectors.groupingBy(Function.identity(),
                    Collectors.counting()));
            assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of(200, 50L, 429, 50L));
            assertThat(upstream.requests("/audio/speech")).hasSize(50);
        }
    }
}
