package dev.prism.http.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Upstreams that cannot be reached, drop the connection or never answer: the next target serves.
 * Time bounds leave a loaded machine seconds, and stay well under what the failure they rule out
 * would take (the 30 s timeout of the patient provider, the 30 s routing deadline).
 */
class ConnectionFailoverIT {
    /** Far more than the timeouts under test take, far less than what a missed timeout would. */
    private static final Duration BOUND = Duration.ofSeconds(10);

    private static FakeOpenAiUpstream flaky;
    private static FakeOpenAiUpstream backup;
    private static RunningGateway prism;

    @BeforeAll
    static void start() {
        flaky = FakeOpenAiUpstream.start();
        backup = FakeOpenAiUpstream.start();
        prism = RunningGateway.start(FailoverConfig.create()
                .provider("nowhere", ClosedPort.baseUrl(), "retry: { max_attempts: 2, backoff: 10ms }",
                        "circuit_breaker: { failure_threshold: 1000 }")
                .provider("flaky", flaky, "timeout: 300ms", "retry: { max_attempts: 2, backoff: 10ms }",
                        "circuit_breaker: { failure_threshold: 1000 }")
                .provider("patient", flaky, "timeout: 30s", "retry: { max_attempts: 1 }")
                .provider("backup", backup, "retry: { max_attempts: 1 }")
                .alias("tts-refused", "targets: [ { provider: nowhere }, { provider: backup } ]")
                .alias("tts-1", "targets: [ { provider: flaky }, { provider: backup } ]")
                .alias("tts-patient", "targets: [ { provider: patient } ]")
                .yaml());
    }

    @AfterAll
    static void stop() {
        prism.close();
        flaky.close();
        backup.close();
    }

    @BeforeEach
    void forgetRequests() {
        flaky.reset();
        backup.reset();
    }

    @Test
    void aRefusedConnectionIsRetriedThenFallsBack() {
        HttpResponse<byte[]> response = prism.speech("tts-refused", "Nobody home");

        assertThat(response.statusCode()).as(RunningGateway.text(response)).isEqualTo(200);
        assertThat(response.body()).isEqualTo(FakeOpenAiUpstream.speechBytes("mp3", "Nobody home"));
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("backup");
        assertThat(response.headers().firstValue("x-prism-attempts")).as("2 refused + 1 served").hasValue("3");
    }

    @Test
    void anUpstreamThatNeverAnswersTimesOutThenFallsBack() throws Exception {
        flaky.always("/audio/speech", Answer.hang());

        Await.Timed<HttpResponse<byte[]>> call = Await.timed(() -> prism.speech("tts-1", "Hello?"));

        assertThat(call.result().statusCode()).as(RunningGateway.text(call.result())).isEqualTo(200);
        assertThat(call.result().headers().firstValue("x-prism-provider")).hasValue("backup");
        assertThat(flaky.requests("/audio/speech")).as("timed out twice (max_attempts 2)").hasSize(2);
        assertThat(call.elapsed()).as("two 300 ms timeouts, then the backup").isLessThan(BOUND);
    }

    @Test
    void aConnectionDroppedBeforeTheAnswerIsRetriedOnTheSameTarget() {
        flaky.next("/audio/speech", Answer.dropConnection());

        HttpResponse<byte[]> response = prism.speech("tts-1", "Again");

        assertThat(response.statusCode()).as(RunningGateway.text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("flaky");
        assertThat(response.headers().firstValue("x-prism-attempts")).hasValue("2");
        assertThat(backup.requestCount()).isZero();
    }

    @Test
    void providersOnOneUpstreamKeepTheirOwnTimeouts() throws Exception {
        // The patient provider leaves a connection to the upstream with its 30 s timeout behind.
        assertThat(prism.speech("tts-patient", "Take your time").statusCode()).isEqualTo(200);
        flaky.next("/audio/speech", Answer.hang());

        Await.Timed<HttpResponse<byte[]>> call = Await.timed(() -> prism.speech("tts-1", "Be quick"));

        assertThat(call.result().statusCode()).as(RunningGateway.text(call.result())).isEqualTo(200);
        assertThat(call.result().headers().firstValue("x-prism-attempts")).as("a timeout, then a retry").hasValue("2");
        assertThat(call.elapsed()).as("the hasty provider's 300 ms, not the patient one's 30 s").isLessThan(BOUND);
    }
}
