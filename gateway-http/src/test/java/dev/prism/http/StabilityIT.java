package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.testkit.FakeStability;
import dev.prism.testkit.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stability provider behind Prism's OpenAI image endpoint, against a fake of Stability's API:
 * images inline as b64_json or as links Prism serves itself, OpenAI's 400 for a filtered prompt,
 * and a refused Stability key that never reaches the client.
 */
class StabilityIT {
    private static final String KEY = "sk-stability-it";
    private static final String STABILITY_KEY = "sk-stab-upstream-secret-77";

    private static FakeStability stability;
    private static RunningPrism prism;

    @BeforeAll
    static void start() {
        stability = FakeStability.start(STABILITY_KEY);
        prism = RunningPrism.start("""
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  stab:
                    type: stability
                    base_url: %s
                    api_key: %s
                    retry: { max_attempts: 1 }
                models:
                  dall-e-3: { targets: [ { provider: stab, model: core } ] }
                  sd-large: { targets: [ { provider: stab, model: sd3.5-large } ] }
                keys:
                  - { name: ops, key: %s }
                """.formatted(stability.baseUrl(), STABILITY_KEY, KEY));
    }

    @AfterAll
    static void stop() {
        prism.close();
        stability.close();
    }

    @BeforeEach
    void forget() {
        stability.reset();
    }

    private static HttpResponse<byte[]> generate(String json) {
        return prism.postJson("/v1/images/generations", KEY, json);
    }

    @Test
    void b64JsonIsStabilitysImageInOpenAisShape() {
        HttpResponse<byte[]> response = generate("{\"model\":\"dall-e-3\",\"prompt\":\"a fox in the snow\","
                + "\"size\":\"1792x1024\",\"response_format\":\"b64_json\"}");

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        JsonNode answer = OpenAiErrors.json(response.body());
        assertThat(answer.get("created").isNumber()).isTrue();
        assertThat(answer.get("data")).hasSize(1);
        assertThat(Base64.getDecoder().decode(answer.get("data").get(0).get("b64_json").asText()))
                .isEqualTo(FakeStability.imageBytes("a fox in the snow", "16:9", "png"));
        RecordedRequest sent = stability.lastRequest();
        assertThat(sent.path()).isEqualTo(FakeStability.CORE);
        assertThat(sent.header("Authorization")).hasValue("Bearer " + STABILITY_KEY);
        assertThat(sent.header("Accept")).hasValue("application/json");
        assertThat(sent.form().field("aspect_ratio")).hasValue("16:9");
        assertThat(response.headers().firstValue("x-prism-cost")).hasValueSatisfying(
                cost -> assertThat(new java.math.BigDecimal(cost)).isEqualByComparingTo("0.03"));
    }

    @Test
    void urlAnswersLinkToImagesPrismServes() throws Exception {
        HttpResponse<byte[]> response = generate("{\"model\":\"sd-large\",\"prompt\":\"a fox\",\"n\":2,"
                + "\"response_format\":\"url\"}");

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(stability.requests()).hasSize(2);
        assertThat(stability.lastRequest().path()).isEqualTo(FakeStability.SD3);
        assertThat(stability.lastRequest().form().field("model")).hasValue("sd3.5-large");
        JsonNode data = OpenAiErrors.json(response.body()).get("data");
        assertThat(data).hasSize(2);
        URI url = URI.create(data.get(1).get("url").asText());
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> image = client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(image.headers().firstValue("content-type")).hasValue("image/png");
            assertThat(image.body()).isEqualTo(FakeStability.imageBytes("a fox", "1:1", "png"));
        }
    }

    @Test
    void aFilteredPromptIsOpenAisContentPolicyViolation() {
        for (String prompt : new String[] {"a " + FakeStability.MODERATED_WORD + " scene", "a " + FakeStability.FILTERED_WORD}) {
            HttpResponse<byte[]> response = generate("{\"model\":\"dall-e-3\",\"prompt\":\"" + prompt
                    + "\",\"response_format\":\"b64_json\"}");

            JsonNode error = OpenAiErrors.assertError(response, 400);
            assertThat(error.get("code").asText()).isEqualTo("content_policy_violation");
            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        }
    }

    @Test
    void aRefusedStabilityKeyIsA502ThatNeverShowsTheKey() {
        stability.next(FakeStability.CORE, FakeStability.error(401, "unauthorized",
                "authorization: invalid header value Bearer " + STABILITY_KEY));

        HttpResponse<byte[]> response = generate("{\"model\":\"dall-e-3\",\"prompt\":\"a fox\"}");

        OpenAiErrors.assertError(response, 502);
        assertThat(OpenAiErrors.body(response)).doesNotContain(STABILITY_KEY);
    }

    @Test
    void webpFromAnUltraOrSd3ModelIsA400NamingOutputFormat() {
        HttpResponse<byte[]> response = generate("{\"model\":\"sd-large\",\"prompt\":\"a fox\",\"output_format\":\"webp\"}");

        JsonNode error = OpenAiErrors.assertError(response, 400);
        assertThat(error.get("param").asText()).isEqualTo("output_format");
        assertThat(stability.requests()).isEmpty();
    }
}
