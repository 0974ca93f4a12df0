package dev.prism.http.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;

/** Assertions on OpenAI's error envelope. */
final class OpenAiError {
    private OpenAiError() {}

    /**
     * Asserts the response is {@code status} with OpenAI's envelope (all four keys) and returns
     * its {@code error} object.
     */
    static JsonNode of(HttpResponse<byte[]> response, int status) {
        assertThat(response.statusCode()).as("status of %s", RunningGateway.text(response)).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode error = RunningGateway.json(response.body()).get("error");
        assertThat(error).as("error envelope of %s", RunningGateway.text(response)).isNotNull();
        assertThat(error.fieldNames()).toIterable().contains("message", "type", "param", "code");
        return error;
    }
}
