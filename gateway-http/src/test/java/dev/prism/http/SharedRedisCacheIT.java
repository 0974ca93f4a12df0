package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.TestServices;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two gateways configured with {@code cache.provider: redis} see each other's entries. */
class SharedRedisCacheIT {
    private static String config(FakeOpenAiUpstream upstream, String redisUrl) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  up: { type: openai, base_url: %s, api_key: sk-upstream-secret, retry: { max_attempts: 1 } }
                models:
                  tts-1: { targets: [ { provider: up } ] }
                keys:
                  - { name: shared, key: sk-shared-cache-key }
                cache: { provider: redis, redis_url: "%s", ttl: 10m }
                """.formatted(upstream.baseUrl(), redisUrl);
    }

    @Test
    void anEntryStoredThroughOneGatewayIsAHitOnTheOther() {
        String redisUrl = TestServices.redisUrl();
        String body = "{\"model\":\"tts-1\",\"input\":\"cluster " + UUID.randomUUID() + "\",\"voice\":\"alloy\"}";
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
                RunningPrism first = RunningPrism.start(config(upstream, redisUrl));
                RunningPrism second = RunningPrism.start(config(upstream, redisUrl))) {
            HttpResponse<byte[]> miss = first.postJson("/v1/audio/speech", "sk-shared-cache-key", body);
            HttpResponse<byte[]> hit = second.postJson("/v1/audio/speech", "sk-shared-cache-key", body);

            assertThat(miss.statusCode()).isEqualTo(200);
            assertThat(miss.headers().firstValue("x-prism-cache")).hasValue("MISS");
            assertThat(hit.headers().firstValue("x-prism-cache")).hasValue("HIT");
            assertThat(hit.body()).isEqualTo(miss.body());
            assertThat(upstream.requests("/audio/speech")).hasSize(1);
        }
    }
}
