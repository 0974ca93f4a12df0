package dev.prism.http;

import static dev.prism.http.UpstreamConfig.ADMIN_KEY;
import static dev.prism.http.UpstreamConfig.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/images/generations} over real sockets, against a fake OpenAI. */
class ImagesIT extends AgainstFakeUpstream {
    @Test
    void gptImageFieldsReachTheUpstreamAsSent() {
        HttpResponse<byte[]> response = prism.postJson("/v1/images/generations", ADMIN_KEY, """
                {"model":"gpt-image-1","prompt":"A lighthouse at dusk","n":2,"size":"1024x1536","quality":"high",
                 "background":"transparent","moderation":"low","output_format":"webp","output_compression":80,
                 "user":"user-7","brand_new_option":{"level":3}}""");

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue(PROVIDER);
        Map<String, Object> sent = upstream.lastRequest().json();
        assertThat(upstream.lastRequest().path()).isEqualTo("/images/generations");
        assertThat(sent).containsEntry("model", "gpt-image-1").containsEntry("prompt", "A lighthouse at dusk")
                .containsEntry("size", "1024x1536").containsEntry("quality", "high")
                .containsEntry("background", "transparent").containsEntry("moderation", "low")
                .containsEntry("output_format", "webp").containsEntry("user", "user-7")
                .containsEntry("brand_new_option", Map.of("level", new BigDecimal(3)));
        assertThat((BigDecimal) sent.get("n")).isEqualByComparingTo("2");
        assertThat((BigDecimal) sent.get("output_compression")).isEqualByComparingTo("80");
        JsonNode answer = OpenAiErrors.json(response.body());
        assertThat(answer.get("data")).hasSize(2);
        assertThat(answer.get("data").get(0).get("b64_json").asText()).isEqualTo(FakeOpenAiUpstream.PNG_BASE64);
    }

    @Test
    void dallEFieldsReachTheUpstreamAsSent() {
        HttpResponse<byte[]> response = prism.postJson("/v1/images/generations", ADMIN_KEY,
                "{\"model\":\"dall-e-3\",\"prompt\":\"A fox\",\"style\":\"natural\",\"response_format\":\"url\","
                        + "\"size\":\"1792x1024\",\"quality\":\"hd\"}");

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(upstream.lastRequest().json()).containsEntry("model", "dall-e-3").containsEntry("style", "natural")
                .containsEntry("response_format", "url").containsEntry("size", "1792x1024")
                .containsEntry("quality", "hd");
        assertThat(OpenAiErrors.json(response.body()).get("data").get(0).get("url").asText())
                .startsWith("http://127.0.0.1:" + upstream.port() + "/");
    }

    @Test
    void modelDefaultsAsOpenAiChoosesIt() {
        HttpResponse<byte[]> response = prism.postJson("/v1/images/generations", ADMIN_KEY, "{\"prompt\":\"A cat\"}");

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(upstream.lastRequest().json()).containsEntry("model", "dall-e-2").containsEntry("prompt", "A cat");

        HttpResponse<byte[]> gptImage = prism.postJson("/v1/images/generations", ADMIN_KEY,
                "{\"prompt\":\"A cat\",\"background\":\"transparent\"}");

        assertThat(gptImage.statusCode()).as(OpenAiErrors.body(gptImage)).isEqualTo(200);
        assertThat(upstream.lastRequest().json()).containsEntry("model", "gpt-image-1");
    }

    @Test
    void theUpstreamsAnswerPassesThroughUnchanged() {
        String answer = "{\"created\":1713833628,\"data\":[{\"url\":\"https://example.test/img.png\",\"revised_prompt\":"
                + "\"A small cat\"}],\"size\":\"1024x1024\",\"extra\":{\"kept\":true}}";
        upstream.next("/images/generations", Answer.json(200, answer));

        HttpResponse<byte[]> response = prism.postJson("/v1/images/generations", ADMIN_KEY,
                "{\"model\":\"dall-e-3\",\"prompt\":\"A cat\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(answer);
    }

    @Test
    void imageEventsPassThrough() {
        HttpResponse<byte[]> response = prism.postJson("/v1/images/generations", ADMIN_KEY,
                "{\"model\":\"gpt-image-1\",\"prompt\":\"A cat\",\"stream\":true,\"partial_images\":1}");

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(ServerSentEvents.names(response.body()))
                .containsExactly("image_generation.partial_image", "image_generation.completed");
        assertThat(upstream.lastRequest().json()).containsEntry("stream", true)
                .containsEntry("partial_images", BigDecimal.ONE);
    }

    @Test
    void aModelFamilysOwnLimitIsTheUpstreamsToRefuse() {
        HttpResponse<byte[]> response = prism.postJson("/v1/images/generations", ADMIN_KEY,
                "{\"model\":\"dall-e-3\",\"prompt\":\"Two cats\",\"n\":2}");

        JsonNode error = OpenAiErrors.assertError(response, 400);
        assertThat(error.get("message").asText()).isEqualTo("You must provide n=1 for this model.");
        assertThat(error.get("param").asText()).isEqualTo("n");
        assertThat(upstream.requests()).hasSize(1);
        assertThat(response.headers().firstValue("x-request-id").orElseThrow()).doesNotStartWith("req_upstream_");
    }
}
