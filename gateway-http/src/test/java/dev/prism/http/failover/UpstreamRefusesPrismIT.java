package dev.prism.http.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An upstream that refuses Prism's own key (401, 403) or does not know the model Prism was
 * configured to ask for (404 {@code model_not_found}) refuses that target's configuration, not the
 * client's request: the target is not asked again, the next target is tried, and when none is
 * left the client gets a 502 that says so, without the upstream's message (OpenAI's 401 quotes a
 * fragment of the key).
 */
class UpstreamRefusesPrismIT {
    private static FakeOpenAiUpstream primary;
    private static FakeOpenAiUpstream backup;
    private static RunningGateway prism;

    @BeforeAll
    static void start() {
        primary = FakeOpenAiUpstream.start();
        backup = FakeOpenAiUpstream.start();
        prism = RunningGateway.start(FailoverConfig.create()
                .provider("primary", primary, "retry: { max_attempts: 3, backoff: 10ms, max_backoff: 20ms }",
                        "circuit_breaker: { failure_threshold: 1000 }")
                .provider("backup", backup, "retry: { max_attempts: 1 }")
                .alias("tts-1", "targets: [ { provider: primary }, { provider: backup } ]")
                .alias("tts-alone", "targets: [ { provider: primary, model: tts-1 } ]")
                .yaml());
    }

    @AfterAll
    static void stop() {
        prism.close();
        primary.close();
        backup.close();
    }

    @BeforeEach
    void forgetRequests() {
        primary.reset();
        backup.reset();
    }

    private static Answer refusal(int status) {
        String key = FailoverConfig.upstreamKey("primary");
        return status == 401 ? Answer.incorrectApiKey(key)
                : Answer.error(status, "Project proj_abc may not use this model (key " + Answer.maskedAsOpenAiDoes(key)
                        + ").", "permission_error", null, "model_not_allowed");
    }

    private static void assertNoUpstreamText(HttpResponse<byte[]> response) {
        String everything = RunningGateway.text(response) + response.headers().map();
        assertThat(everything).doesNotContain(Answer.maskedAsOpenAiDoes(FailoverConfig.upstreamKey("primary")))
                .doesNotContain(FailoverConfig.upstreamKey("primary")).doesNotContain("Incorrect API key")
                .doesNotContain("proj_abc").doesNotContain("does not exist");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {401, 403})
    void aRefusedKeyIsNotRetriedButTheNextTargetServes(int status) {
        primary.always("/audio/speech", refusal(status));

        HttpResponse<byte[]> response = prism.speech("tts-1", "Someone else then");

        assertThat(response.statusCode()).as(RunningGateway.text(response)).isEqualTo(200);
        assertThat(response.body()).isEqualTo(FakeOpenAiUpstream.speechBytes("mp3", "Someone else then"));
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("backup");
        assertThat(response.headers().firstValue("x-prism-attempts")).hasValue("2");
        assertThat(primary.requests("/audio/speech")).as("attempts on primary (max_attempts 3)").hasSize(1);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {401, 403})
    void aRefusedKeyOnTheOnlyTargetIs502SayingSoWithoutTheUpstreamsMessage(int status) {
        primary.always("/audio/speech", refusal(status));

        HttpResponse<byte[]> response = prism.speech("tts-alone", "Nobody will");

        JsonNode error = OpenAiError.of(response, 502);
        assertThat(error.get("type").asText()).isEqualTo("server_error");
        assertThat(error.get("code").asText()).isEqualTo("upstream_failed");
        assertThat(error.get("message").asText()).isEqualTo("Every provider of `tts-alone` failed: primary/tts-1: HTTP "
                + status + ", the provider refused Prism's credentials.");
        assertNoUpstreamText(response);
        assertThat(response.headers().firstValue("x-prism-attempts")).hasValue("1");
        assertThat(primary.requests("/audio/speech")).as("attempts on primary (max_attempts 3)").hasSize(1);
    }

    @Test
    void aModelTheUpstreamDoesNotKnowIsNotRetriedButTheNextTargetServes() {
        primary.always("/audio/speech", Answer.error(404, "The model `tts-1` does not exist or you do not have "
                + "access to it.", "invalid_request_error", "model", "model_not_found"));

        HttpResponse<byte[]> response = prism.speech("tts-1", "Another model");

        assertThat(response.statusCode()).as(RunningGateway.text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("backup");
        assertThat(response.headers().firstValue("x-prism-attempts")).hasValue("2");
        assertThat(primary.requests("/audio/speech")).hasSize(1);
    }

    @Test
    void aModelTheOnlyTargetDoesNotKnowIs502SayingSoWithoutTheUpstreamsMessage() {
        primary.always("/audio/speech", Answer.error(404, "The model `tts-1` does not exist or you do not have "
                + "access to it.", "invalid_request_error", "model", "model_not_found"));

        HttpResponse<byte[]> response = prism.speech("tts-alone", "No such model");

        JsonNode error = OpenAiError.of(response, 502);
        assertThat(error.get("code").asText()).isEqualTo("upstream_failed");
        assertThat(error.get("message").asText()).isEqualTo("Every provider of `tts-alone` failed: primary/tts-1: "
                + "HTTP 404, the provider does not know the configured model.");
        assertThat(error.get("param").isNull()).as("the client's model parameter is not at fault").isTrue();
        assertNoUpstreamText(response);
        assertThat(primary.requests("/audio/speech")).hasSize(1);
    }

    @Test
    void aNotFoundForAnythingButTheModelIsTheClientsAndGoesStraightBack() {
        primary.always("/audio/speech", Answer.error(404, "No voice named 'nova2'.", "invalid_request_error", "voice",
                "voice_not_found"));

        HttpResponse<byte[]> response = prism.speech("tts-1", "Wrong voice");

        JsonNode error = OpenAiError.of(response, 404);
        assertThat(error.get("message").asText()).isEqualTo("No voice named 'nova2'.");
        assertThat(error.get("code").asText()).isEqualTo("voice_not_found");
        assertThat(backup.requestCount()).isZero();
    }
}
