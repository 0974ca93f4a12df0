package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.TestServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
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

    /** Images from the mock provider, cached in Redis: links point at the gateway that drew them. */
    private static String mockImagesConfig(String redisUrl) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  mock: { type: mock }
                models:
                  dall-e-2: { targets: [ { provider: mock } ] }
                keys:
                  - { name: shared, key: sk-shared-cache-key }
                cache: { provider: redis, redis_url: "%s", ttl: 10m, endpoints: [images] }
                """.formatted(redisUrl);
    }

    private static String imageRequest(String responseFormat) {
        return "{\"model\":\"dall-e-2\",\"prompt\":\"a lighthouse " + UUID.randomUUID()
                + "\",\"size\":\"256x256\",\"response_format\":\"" + responseFormat + "\"}";
    }

    private static URI link(HttpResponse<byte[]> answer) {
        try {
            JsonNode json = new ObjectMapper().readTree(answer.body());
            return URI.create(json.get("data").get(0).get("url").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anAnswerLinkingOneGatewaysPublishedImagesIsNotServedByTheOther() {
        String redisUrl = TestServices.redisUrl();
        String body = imageRequest("url");
        try (RunningPrism first = RunningPrism.start(mockImagesConfig(redisUrl));
                RunningPrism second = RunningPrism.start(mockImagesConfig(redisUrl))) {
            HttpResponse<byte[]> drawnByFirst = first.postJson("/v1/images/generations", "sk-shared-cache-key", body);
            HttpResponse<byte[]> drawnBySecond = second.postJson("/v1/images/generations", "sk-shared-cache-key", body);

            assertThat(drawnByFirst.statusCode()).isEqualTo(200);
            assertThat(drawnBySecond.statusCode()).isEqualTo(200);
            assertThat(drawnBySecond.headers().firstValue("x-prism-cache")).hasValue("MISS");
            URI link = link(drawnBySecond);
            assertThat(link.getPort()).as("the second gateway's own link: %s", link).isEqualTo(second.port());
            HttpResponse<byte[]> image = second.send(HttpRequest.newBuilder(link).timeout(RunningPrism.TIMEOUT).GET()
                    .build());
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(image.headers().firstValue("content-type")).hasValue("image/png");
        }
    }

    @Test
    void base64ImagesStillShareOneEntry() {
        String redisUrl = TestServices.redisUrl();
        String body = imageRequest("b64_json");
        try (RunningPrism first = RunningPrism.start(mockImagesConfig(redisUrl));
                RunningPrism second = RunningPrism.start(mockImagesConfig(redisUrl))) {
            HttpResponse<byte[]> miss = first.postJson("/v1/images/generations", "sk-shared-cache-key", body);
            HttpResponse<byte[]> hit = second.postJson("/v1/images/generations", "sk-shared-cache-key", body);

            assertThat(miss.headers().firstValue("x-prism-cache")).hasValue("MISS");
            assertThat(hit.headers().firstValue("x-prism-cache")).hasValue("HIT");
            assertThat(hit.body()).isEqualTo(miss.body());
        }
    }
}
