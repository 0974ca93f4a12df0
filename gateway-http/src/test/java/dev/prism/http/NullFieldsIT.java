package dev.prism.http;

import static dev.prism.http.UpstreamConfig.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Many clients serialise unset options as {@code null}: an optional field set to null means "not
 * given", an unknown one is dropped before forwarding, and a required one is a 400 naming it.
 */
class NullFieldsIT extends AgainstFakeUpstream {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/v1/audio/speech | /audio/speech | {\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":\"alloy\",\"foo\":null}",
            "/v1/audio/speech | /audio/speech | {\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":\"alloy\",\"speed\":null,\"instructions\":null,\"response_format\":null,\"stream_format\":null}",
            "/v1/images/generations | /images/generations | {\"model\":\"dall-e-3\",\"prompt\":\"a cat\",\"foo\":null,\"bar\":{\"x\":1}}",
            "/v1/images/generations | /images/generations | {\"model\":null,\"prompt\":\"a cat\",\"n\":null,\"size\":null,\"quality\":null,\"style\":null,\"user\":null,\"stream\":null,\"partial_images\":null,\"output_compression\":null}"})
    void nullMeansNotGivenAndUnknownNullsAreNotForwarded(String path, String upstreamPath, String json) {
        HttpResponse<byte[]> response = prism.postJson(path, ADMIN_KEY, json);

        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        assertThat(upstream.requests()).hasSize(1);
        Map<String, Object> forwarded = upstream.requests().getFirst().json();
        assertThat(upstream.requests().getFirst().path()).endsWith(upstreamPath);
        assertThat(forwarded).doesNotContainKey("foo");
        assertThat(forwarded.values()).doesNotContainNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/v1/audio/speech | {\"model\":null,\"input\":\"hi\",\"voice\":\"alloy\"} | model",
            "/v1/audio/speech | {\"model\":\"tts-1\",\"input\":null,\"voice\":\"alloy\"} | input",
            "/v1/audio/speech | {\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":null} | voice",
            "/v1/audio/speech | {\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":{\"id\":null}} | voice",
            "/v1/images/generations | {\"model\":\"dall-e-3\",\"prompt\":null} | prompt"})
    void aRequiredFieldSetToNullIsA400NamingIt(String path, String json, String param) {
        JsonNode error = OpenAiErrors.assertError(prism.postJson(path, ADMIN_KEY, json), 400);

        assertThat(error.get("param").asText()).isEqualTo(param);
        assertThat(upstream.requests()).isEmpty();
    }
}
