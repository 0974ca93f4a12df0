package dev.prism.http;

import static dev.prism.http.UpstreamConfig.ADMIN_KEY;
import static dev.prism.http.UpstreamConfig.PROVIDER;
import static dev.prism.http.UpstreamConfig.RESTRICTED_KEY;
import static dev.prism.http.UpstreamConfig.RESTRICTED_MODELS;
import static dev.prism.http.UpstreamConfig.SLOW_PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/models} and {@code /v1/models/{id}}. */
class ModelsIT extends AgainstFakeUpstream {
    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("data").forEach(m -> ids.add(m.get("id").asText()));
        return ids;
    }

    @Test
    void aRestrictedKeyListsOnlyItsAliasesInOpenAisShape() {
        HttpResponse<byte[]> response = prism.get("/v1/models", RESTRICTED_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode list = OpenAiErrors.json(response.body());
        assertThat(list.get("object").asText()).isEqualTo("list");
        assertThat(ids(list)).containsExactlyInAnyOrder(RESTRICTED_MODELS);
        list.get("data").forEach(model -> {
            assertThat(model.get("object").asText()).isEqualTo("model");
            assertThat(model.get("created").isIntegralNumber()).isTrue();
            assertThat(model.get("created").asLong()).isPositive();
            assertThat(model.get("owned_by").isTextual()).isTrue();
        });
    }

    @Test
    void anUnrestrictedKeyListsEveryAlias() {
        JsonNode list = OpenAiErrors.json(prism.get("/v1/models", ADMIN_KEY).body());

        assertThat(ids(list)).containsExactly("tts-1", "gpt-4o-mini-tts", "my-voice", "org/model", "whisper-1",
                "gpt-4o-transcribe", "my-transcriber", "dall-e-2", "dall-e-3", "gpt-image-1", "hang-tts");
    }

    @Test
    void anAllowedModelCanBeRetrieved() {
        HttpResponse<byte[]> response = prism.get("/v1/models/my-voice", RESTRICTED_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode model = OpenAiErrors.json(response.body());
        assertThat(model.get("id").asText()).isEqualTo("my-voice");
        assertThat(model.get("object").asText()).isEqualTo("model");
        assertThat(model.get("owned_by").asText()).isEqualTo(PROVIDER);
        assertThat(model.has("created")).isTrue();
    }

    @Test
    void aModelTheKeyMayNotUseDoesNotExistForItButIsForbiddenForSpeech() {
        JsonNode notFound = OpenAiErrors.assertError(prism.get("/v1/models/gpt-4o-mini-tts", RESTRICTED_KEY), 404);
        assertThat(notFound.get("code").asText()).isEqualTo("model_not_found");

        JsonNode forbidden = OpenAiErrors.assertError(prism.postJson("/v1/audio/speech", RESTRICTED_KEY,
                "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"Hi\",\"voice\":\"alloy\"}"), 403);
        assertThat(forbidden.get("code").asText()).isEqualTo("model_not_allowed");
        assertThat(forbidden.get("message").asText()).doesNotContain(RESTRICTED_KEY);
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void aModelIdWithASlashMayComePercentEncoded() {
        HttpResponse<byte[]> response = prism.get("/v1/models/org%2Fmodel", RESTRICTED_KEY);

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(OpenAiErrors.json(response.body()).get("id").asText()).isEqualTo("org/model");
    }

    @Test
    void aModelIdWithASlashMayComeAsIs() {
        HttpResponse<byte[]> response = prism.get("/v1/models/org/model", RESTRICTED_KEY);

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(OpenAiErrors.json(response.body()).get("id").asText()).isEqualTo("org/model");
    }

    @Test
    void aModelWithASlashServesSpeech() {
        HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", RESTRICTED_KEY,
                "{\"model\":\"org/model\",\"input\":\"Hi\",\"voice\":\"alloy\"}");

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(upstream.lastRequest().json()).containsEntry("model", "tts-1-hd");
    }

    @Test
    void anUnknownModelIsNotFound() {
        JsonNode error = OpenAiErrors.assertError(prism.get("/v1/models/no-such-model", ADMIN_KEY), 404);

        assertThat(error.get("code").asText()).isEqualTo("model_not_found");
        assertThat(error.get("message").asText()).contains("no-such-model");
    }

    @Test
    void modelsNeedAKey() {
        OpenAiErrors.assertError(prism.get("/v1/models", null), 401);
    }
}
