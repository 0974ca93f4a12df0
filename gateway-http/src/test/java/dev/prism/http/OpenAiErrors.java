package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;

/** Assertions on OpenAI's error envelope. */
final class OpenAiErrors {
    static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiErrors() {}

    /**
     * Asserts the response is {@code status} with OpenAI's envelope, all four keys present, and
     * returns its {@code error} object.
     */
    static JsonNode assertError(HttpResponse<byte[]> response, int status) {
        assertThat(response.statusCode()).as("status of %s", body(response)).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode error = json(response.body()).get("error");
        assertThat(error).as("error envelope of %s", body(response)).isNotNull();
        assertThat(error.isObject()).isTrue();
        for (String key : new String[] {"message", "type", "param", "code"}) {
            assertThat(error.has(key)).as("key %s in %s", key, error).isTrue();
        }
        assertThat(error.get("message").isTextual()).isTrue();
        assertThat(error.get("type").isTextual()).isTrue();
        assertThat(error.get("param").isTextual() || error.get("param").isNull()).isTrue();
        assertThat(error.get("code").isTextual() || error.get("code").isNull()).isTrue();
        return error;
    }

    static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + new String(body, java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }

    static String body(HttpResponse<byte[]> response) {
        return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
