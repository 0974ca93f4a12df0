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
 * Which upstream statuses are retried: 408, 429 and 5xx are retried on the same target and then
 * fall back to the next; the client's mistakes (400, 413, 415, 422, a 404 for anything but the
 * model) go straight back. Refusals of Prism's own key or model: {@link UpstreamRefusesPrismIT}.
 */
class RetryableStatusIT {
    private static FakeOpenAiUpstream primary;
    private static FakeOpenAiUpstream backup;
    private static RunningGateway prism;

    @BeforeAll
    static void start() {
        primary = FakeOpenAiUpstream.start();
        backup = FakeOpenAiUpstream.start();
        prism = RunningGateway.start(FailoverConfig.create()
                .provider("primary", primary, "retry: { max_attempts: 2, backoff: 10ms, max_backoff: 20ms }",
                        "circuit_breaker: { failure_threshold: 1000 }")
                .provider("backup", backup, "retry: { max_attempts: 1 }")
                .alias("tts-1", "targets: [ { provider: primary }, { provider: backup } ]")
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

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void aRetryableStatusIsRetriedOnTheSameTargetThenFallsBack(int status) {
        primary.always("/audio/speech", Answer.error(status, "Upstream trouble " + status));

        HttpResponse<byte[]> response = prism.speech("tts-1", "Retry me");

        assertThat(response.statusCode()).as(RunningGateway.text(response)).isEqualTo(200);
        assertThat(response.body()).isEqualTo(FakeOpenAiUpstream.speechBytes("mp3", "Retry me"));
        assertThat(primary.requests("/audio/speech")).as("attempts on primary (max_attempts 2)").hasSize(2);
        assertThat(backup.requests("/audio/speech")).as("attempts on backup").hasSize(1);
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("backup");
        assertThat(response.headers().firstValue("x-prism-attempts")).hasValue("3");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void aRetryThatSucceedsStaysOnTheSameTarget(int status) {
        primary.next("/audio/speech", Answer.error(status, "Upstream trouble " + status));

        HttpResponse<byte[]> response = prism.speech("tts-1", "Once more");

        assertThat(response.statusCode()).as(RunningGateway.text(response)).isEqualTo(200);
        assertThat(primary.requests("/audio/speech")).hasSize(2);
        assertThat(backup.requestCount()).isZero();
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("primary");
        assertThat(response.headers().firstValue("x-prism-attempts")).hasValue("2");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 404, 413, 415, 422})
    void aNonRetryableStatusGoesStraightBackWithTheUpstreamsMessage(int status) {
        String message = "The upstream refuses this request (" + status + ").";
        primary.always("/audio/speech", Answer.error(status, message, "invalid_request_error", "input", "bad_input"));

        HttpResponse<byte[]> response = prism.speech("tts-1", "Refuse me");

        JsonNode error = OpenAiError.of(response, status);
        assertThat(error.get("message").asText()).isEqualTo(message);
        assertThat(error.get("param").asText()).isEqualTo("input");
        assertThat(error.get("code").asText()).isEqualTo("bad_input");
        assertThat(primary.requests("/audio/speech")).as("no retry").hasSize(1);
        assertThat(backup.requestCount()).as("requests that reached the fallback").isZero();
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("primary");
        assertThat(response.headers().firstValue("x-prism-attempts")).hasValue("1");
    }

    @Test
    void aRefusalAfterAFailoverSaysWhichProviderRefusedAndAfterHowManyAttempts() {
        primary.always("/audio/speech", Answer.error(503, "Overloaded"));
        backup.always("/audio/speech", Answer.error(400, "No such voice.", "invalid_request_error", "voice", null));

        HttpResponse<byte[]> response = prism.speech("tts-1", "Refuse me later");

        assertThat(OpenAiError.of(response, 400).get("message").asText()).isEqualTo("No such voice.");
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("backup");
        assertThat(response.headers().firstValue("x-prism-attempts")).hasValue(
                Integer.toString(primary.requests("/audio/speech").size() + 1));
    }
}
