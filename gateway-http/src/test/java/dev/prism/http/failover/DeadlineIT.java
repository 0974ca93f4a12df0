package dev.prism.http.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.spi.HttpTransport;
import dev.prism.spi.RequestBody;
import dev.prism.spi.UpstreamRequest;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deadline bounds all attempts of one request together, retries and fallbacks included:
 * measured from the client, with upstreams that never answer. A deadline is a lower bound to the
 * millisecond; above it the tests allow a loaded machine {@link #MARGIN}, and every upstream
 * timeout the deadline must cut short is longer than deadline and margin together.
 */
class DeadlineIT {
    private static final Duration GLOBAL_DEADLINE = Duration.ofSeconds(2);
    /** Longer than the routing deadline: a call that lasts it cannot have ended at the routing deadline. */
    private static final Duration ALIAS_DEADLINE = Duration.ofSeconds(3);
    /** Scheduling, connection set-up and a loaded CI machine; deadline plus margin stays under 10 s. */
    private static final Duration MARGIN = Duration.ofSeconds(5);

    private static FakeOpenAiUpstream first;
    private static FakeOpenAiUpstream second;
    private static UnansweredPort unanswered;
    private static RunningGateway prism;

    @BeforeAll
    static void start() {
        first = FakeOpenAiUpstream.start();
        second = FakeOpenAiUpstream.start();
        unanswered = UnansweredPort.open();
        prism = RunningGateway.start(FailoverConfig.create()
                .deadline(GLOBAL_DEADLINE.toSeconds() + "s")
                .provider("unanswered", unanswered.baseUrl(), "timeout: 30s", "retry: { max_attempts: 1 }")
                // An attempt may take 500 ms on the first target: the second gets what is left of the deadline.
                .provider("first", first, "timeout: 500ms", "retry: { max_attempts: 1 }",
                        "circuit_breaker: { failure_threshold: 1000 }")
                .provider("second", second, "timeout: 30s", "retry: { max_attempts: 3, backoff: 50ms }",
                        "circuit_breaker: { failure_threshold: 1000 }")
                .provider("late", first, "timeout: 30s", "retry: { max_attempts: 1 }",
                        "circuit_breaker: { failure_threshold: 1000 }")
                .provider("backing-off", second, "retry: { max_attempts: 2, backoff: 4s, max_backoff: 4s }",
                        "circuit_breaker: { failure_threshold: 1000 }")
                .provider("edge", first, "retry: { max_attempts: 2, backoff: 6s, max_backoff: 6s }",
                        "circuit_breaker: { failure_threshold: 2, window: 30s, cooldown: 30s }")
                .alias("tts-1", "targets: [ { provider: first }, { provider: second } ]")
                .alias("tts-long", "deadline: " + ALIAS_DEADLINE.toSeconds() + "s, "
                        + "targets: [ { provider: second }, { provider: first } ]")
                .alias("tts-edge", "deadline: 8s, targets: [ { provider: edge } ]")
                .alias("tts-unanswered", "targets: [ { provider: unanswered } ]")
                .alias("tts-late", "deadline: 6s, targets: [ { provider: late }, { provider: backing-off } ]")
                .yaml());
    }

    @AfterAll
    static void stop() throws Exception {
        prism.close();
        unanswered.close();
        first.close();
        second.close();
    }

    @BeforeEach
    void forgetRequests() {
        first.reset();
        second.reset();
    }

    @Test
    void upstreamsThatHangGet504WithinTheRoutingDeadline() throws Exception {
        first.always("/audio/speech", Answer.hang());
        second.always("/audio/speech", Answer.hang());

        Await.Timed<HttpResponse<byte[]>> call = Await.timed(() -> prism.speech("tts-1", "Anyone there?"));

        JsonNode error = OpenAiError.of(call.result(), 504);
        assertThat(error.get("code").asText()).isEqualTo("upstream_timeout");
        assertThat(error.get("message").asText()).contains("deadline").contains("first/tts-1");
        assertThat(call.elapsed()).as("routing deadline %s + margin %s", GLOBAL_DEADLINE, MARGIN)
                .isGreaterThanOrEqualTo(GLOBAL_DEADLINE).isLessThan(GLOBAL_DEADLINE.plus(MARGIN));
        assertThat(first.requests("/audio/speech")).hasSize(1);
        assertThat(second.requests("/audio/speech")).as("the fallback got the rest of the deadline").hasSize(1);
        assertThat(call.result().headers().firstValue("x-prism-attempts")).hasValue("2");
    }

    @Test
    void theAliasDeadlineOverridesTheRoutingDeadline() throws Exception {
        first.always("/audio/speech", Answer.hang());
        second.always("/audio/speech", Answer.hang());

        Await.Timed<HttpResponse<byte[]>> call = Await.timed(() -> prism.speech("tts-long", "Take longer?"));

        OpenAiError.of(call.result(), 504);
        assertThat(call.elapsed()).as("alias deadline %s + margin %s", ALIAS_DEADLINE, MARGIN)
                .isGreaterThanOrEqualTo(ALIAS_DEADLINE).isLessThan(ALIAS_DEADLINE.plus(MARGIN));
    }

    @Test
    void aRetryThatCannotHappenBeforeTheDeadlineIsNotWaitedForNorCountedAgainstTheTarget() throws Exception {
        // The backoff (6 s) fits in the 8 s deadline at first; after an attempt of at least 2.5 s it ends after it.
        first.always("/audio/speech", Answer.error(503, "Overloaded").afterDelay(Duration.ofMillis(2500)));

        Await.Timed<HttpResponse<byte[]>> call = Await.timed(() -> prism.speech("tts-edge", "No time"));

        JsonNode error = OpenAiError.of(call.result(), 502);
        assertThat(error.get("message").asText()).contains("edge/tts-edge: HTTP 503");
        assertThat(call.elapsed()).as("answered without waiting for the deadline").isLessThan(Duration.ofSeconds(8));
        assertThat(first.requests("/audio/speech")).hasSize(1);
        assertThat(prism.breakers()).as("one failure of a threshold of 2").containsEntry("edge/tts-edge", "closed");
    }

    @Test
    void anAttemptWithLessThanAMillisecondLeftStillTimesOut() {
        first.always("/audio/speech", Answer.hang());
        HttpTransport transport = prism.component(HttpTransport.class);
        UpstreamRequest request = new UpstreamRequest("POST", URI.create(first.baseUrl() + "/audio/speech"), List.of(),
                RequestBody.of("application/json", RunningGateway.speechJson("tts-1", "Hurry").getBytes(
                        StandardCharsets.UTF_8)), Duration.ofNanos(500_000));

        assertThatThrownBy(() -> Await.within(Await.WAIT, () -> transport.send(request)))
                .as("a timeout of 0.5 ms is not 'no timeout'").isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void anUpstreamWhoseConnectionNeverCompletesGets504WithinTheDeadline() throws Exception {
        Await.Timed<HttpResponse<byte[]>> call = Await.timed(() -> prism.speech("tts-unanswered", "Knock knock"));

        OpenAiError.of(call.result(), 504);
        assertThat(call.elapsed()).as("routing deadline %s + margin %s", GLOBAL_DEADLINE, MARGIN)
                .isLessThan(GLOBAL_DEADLINE.plus(MARGIN));
    }

    @Test
    void aFallbackWithLessTimeLeftThanItsBackoffIsStillTried() {
        // At least 2.5 s of the 6 s deadline go to the first target; the second's backoff (4 s) does not fit.
        first.always("/audio/speech", Answer.error(503, "Overloaded").afterDelay(Duration.ofMillis(2500)));

        HttpResponse<byte[]> response = prism.speech("tts-late", "Just in time");

        assertThat(response.statusCode()).as(RunningGateway.text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("backing-off");
        assertThat(response.headers().firstValue("x-prism-attempts")).hasValue("2");
    }
}
