package dev.prism.http.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.RecordedRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upstream's {@code retry-after-ms} and {@code retry-after} set the wait before the retry, over
 * Prism's own backoff, but never beyond the deadline. Gaps are measured between the arrivals the
 * fake recorded, as lower bounds.
 */
class RetryAfterIT {
    private static final Duration BACKOFF = Duration.ofMillis(150);
    /** The deadline of {@code tts-tight}: a wait for it would show, however loaded the machine. */
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    /** The routing deadline (FailoverConfig's default): how long a wait for the deadline would take. */
    private static final Duration ROUTING_DEADLINE = Duration.ofSeconds(30);

    private static FakeOpenAiUpstream limited;
    private static FakeOpenAiUpstream backup;
    private static RunningGateway prism;

    @BeforeAll
    static void start() {
        limited = FakeOpenAiUpstream.start();
        backup = FakeOpenAiUpstream.start();
        prism = RunningGateway.start(FailoverConfig.create()
                .provider("limited", limited, "retry: { max_attempts: 2, backoff: 150ms, max_backoff: 200ms }",
                        "circuit_breaker: { failure_threshold: 1000 }")
                .provider("patient", limited, "retry: { max_attempts: 3, backoff: 10ms, max_backoff: 20ms }",
                        "circuit_breaker: { failure_threshold: 1000 }")
                .provider("backup", backup, "retry: { max_attempts: 1 }")
                .alias("tts-1", "targets: [ { provider: limited }, { provider: backup } ]")
                .alias("tts-tight", "deadline: " + DEADLINE.toSeconds() + "s, targets: [ { provider: patient } ]")
                .yaml());
    }

    @AfterAll
    static void stop() {
        prism.close();
        limited.close();
        backup.close();
    }

    @BeforeEach
    void forgetRequests() {
        limited.reset();
        backup.reset();
    }

    private static Duration gapBetweenTheTwoAttempts() {
        List<RecordedRequest> attempts = limited.requests("/audio/speech");
        assertThat(attempts).hasSize(2);
        return attempts.get(1).arrivedAfter(attempts.get(0));
    }

    @Test
    void retryAfterMsSetsTheWaitEvenBeyondMaxBackoff() {
        limited.next("/audio/speech", Answer.error(429, "Slow down").withHeader("retry-after-ms", "300"));

        HttpResponse<byte[]> response = prism.speech("tts-1", "Wait for it");

        assertThat(response.statusCode()).as(RunningGateway.text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("limited");
        assertThat(gapBetweenTheTwoAttempts()).as("wait asked for: 300 ms; max_backoff: 200 ms")
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(backup.requestCount()).isZero();
    }

    @Test
    void retryAfterInSecondsIsHonoured() {
        limited.next("/audio/speech", Answer.error(503, "Back in a second").withHeader("retry-after", "1"));

        HttpResponse<byte[]> response = prism.speech("tts-1", "Wait a second");

        assertThat(response.statusCode()).as(RunningGateway.text(response)).isEqualTo(200);
        assertThat(gapBetweenTheTwoAttempts()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void withoutRetryAfterTheRetryWaitsTheBackoff() {
        limited.next("/audio/speech", Answer.error(500, "Oops"));

        HttpResponse<byte[]> response = prism.speech("tts-1", "Back off");

        assertThat(response.statusCode()).as(RunningGateway.text(response)).isEqualTo(200);
        assertThat(gapBetweenTheTwoAttempts()).isGreaterThanOrEqualTo(BACKOFF);
    }

    @Test
    void aRetryAfterLongerThanTheDeadlineIsNotWaitedForAndReachesTheClient() throws Exception {
        limited.always("/audio/speech", Answer.error(429, "Come back in a minute").withHeader("retry-after", "60"));

        Await.Timed<HttpResponse<byte[]>> call = Await.timed(() -> prism.speech("tts-tight", "Too long"));

        assertThat(call.elapsed()).as("answered before the deadline (%s), not at it", DEADLINE).isLessThan(DEADLINE);
        OpenAiError.of(call.result(), 429);
        assertThat(call.result().headers().firstValue("retry-after")).hasValue("60");
        assertThat(limited.requests("/audio/speech")).as("no retry can happen before the deadline").hasSize(1);
    }

    @Test
    void aRetryAfterLongerThanTheDeadlineFallsBackAtOnce() throws Exception {
        limited.always("/audio/speech", Answer.error(429, "Come back in an hour").withHeader("retry-after", "3600"));

        Await.Timed<HttpResponse<byte[]>> call = Await.timed(() -> prism.speech("tts-1", "Elsewhere"));

        assertThat(call.result().statusCode()).as(RunningGateway.text(call.result())).isEqualTo(200);
        assertThat(call.result().headers().firstValue("x-prism-provider")).hasValue("backup");
        assertThat(call.elapsed()).as("no wait for the hour, nor for the deadline (%s)", ROUTING_DEADLINE)
                .isLessThan(ROUTING_DEADLINE.dividedBy(3));
        assertThat(limited.requests("/audio/speech")).hasSize(1);
    }
}
