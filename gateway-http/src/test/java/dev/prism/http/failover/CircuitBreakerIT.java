package dev.prism.http.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One circuit breaker per target: three failures within the window open it, an open breaker sends
 * the target no traffic until the cooldown has passed, then one half-open probe decides: a failure
 * opens it again, a success closes it. {@code /health} shows each state.
 */
class CircuitBreakerIT {
    private static final String DEAD = "dead/tts-1";
    private static final Duration COOLDOWN = Duration.ofMillis(500);
    private static final Duration BOUND = Duration.ofSeconds(10);

    private static FakeOpenAiUpstream dead;
    private static FakeOpenAiUpstream backup;
    private static RunningGateway prism;

    @BeforeAll
    static void start() {
        dead = FakeOpenAiUpstream.start();
        backup = FakeOpenAiUpstream.start();
        prism = RunningGateway.start(FailoverConfig.create()
                .provider("dead", dead, "retry: { max_attempts: 1 }",
                        "circuit_breaker: { failure_threshold: 3, window: 30s, cooldown: 500ms }")
                .provider("backup", backup, "retry: { max_attempts: 1 }")
                .alias("tts-1", "targets: [ { provider: dead }, { provider: backup } ]")
                .yaml());
    }

    @AfterAll
    static void stop() {
        prism.close();
        dead.close();
        backup.close();
    }

    private static String servedBy(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).as(RunningGateway.text(response)).isEqualTo(200);
        return response.headers().firstValue("x-prism-provider").orElseThrow();
    }

    /** Sends requests until one reaches the dead upstream (the half-open probe), at most for {@link #BOUND}. */
    private static HttpResponse<byte[]> requestUntilTheProbe() {
        int before = dead.requestCount();
        AtomicReference<HttpResponse<byte[]>> probe = new AtomicReference<>();
        Await.until("a half-open probe reached the dead upstream", () -> {
            probe.set(prism.speech("tts-1", "Probe?"));
            return dead.requestCount() > before;
        }, BOUND);
        assertThat(dead.requestCount()).as("exactly one probe").isEqualTo(before + 1);
        return probe.get();
    }

    @Test
    void theBreakerOpensStaysOpenProbesAfterTheCooldownAndClosesOnRecovery() throws Exception {
        dead.always("/audio/speech", Answer.error(503, "Down for maintenance"));
        assertThat(prism.breakers()).containsEntry(DEAD, "closed");

        for (int i = 0; i < 3; i++) {
            assertThat(servedBy(prism.speech("tts-1", "Failing " + i))).isEqualTo("backup");
        }
        assertThat(dead.requestCount()).isEqualTo(3);
        assertThat(prism.breakers()).containsEntry(DEAD, "open").containsEntry("backup/tts-1", "closed");

        // While the breaker is open (20 quick requests, well within the 500 ms cooldown) the target gets nothing.
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertThat(servedBy(prism.speech("tts-1", "While open " + i))).isEqualTo("backup");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(dead.requestCount()).as("requests to the dead upstream while open (20 requests took %s ms)",
                took.toMillis()).isEqualTo(3);
        assertThat(prism.breakers()).containsEntry(DEAD, "open");

        // After the cooldown one probe goes through; it fails, so the breaker opens again.
        assertThat(servedBy(requestUntilTheProbe())).isEqualTo("backup");
        assertThat(prism.breakers()).containsEntry(DEAD, "open");
        int afterFailedProbe = dead.requestCount();
        assertThat(servedBy(prism.speech("tts-1", "Reopened"))).isEqualTo("backup");
        assertThat(dead.requestCount()).isEqualTo(afterFailedProbe);

        // The upstream recovers (slowly enough to see the probe in flight): the next probe closes the breaker.
        dead.always("/audio/speech", Answer.likeOpenAi().afterDelay(Duration.ofMillis(300)));
        int beforeRecovery = dead.requestCount();
        CompletableFuture<HttpResponse<byte[]>> probe = CompletableFuture.supplyAsync(CircuitBreakerIT::requestUntilTheProbe);
        assertThat(dead.awaitRequests(beforeRecovery + 1, BOUND)).as("the probe arrived").isTrue();
        assertThat(prism.breakers()).as("while the probe is in flight").containsEntry(DEAD, "half-open");

        assertThat(servedBy(probe.get(BOUND.toMillis(), TimeUnit.MILLISECONDS))).isEqualTo("dead");
        assertThat(prism.breakers()).containsEntry(DEAD, "closed");
        assertThat(servedBy(prism.speech("tts-1", "Closed again"))).isEqualTo("dead");
    }
}
