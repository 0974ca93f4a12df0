package dev.prism.http.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.StreamedBody;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One circuit breaker per target: three failures within the window open it, an open breaker sends
 * the target no traffic until the cooldown has passed, then one half-open probe decides: a failure
 * opens it again, a success closes it. {@code /admin/health} shows each state.
 *
 * <p>The breaker keeps its own time (Failsafe's {@code System.nanoTime}), so the test reads the
 * same clock: a request counts as "while open" only if it was answered before the cooldown could
 * have ended, however slowly the machine runs.
 */
class CircuitBreakerIT {
    private static final String DEAD = "dead/tts-1";
    private static final Duration COOLDOWN = Duration.ofSeconds(3);
    /** Waits that span a cooldown: the cooldown and a loaded machine. */
    private static final Duration BOUND = COOLDOWN.plusSeconds(27);

    private static FakeOpenAiUpstream dead;
    private static FakeOpenAiUpstream backup;
    private static RunningGateway prism;

    @BeforeAll
    static void start() {
        dead = FakeOpenAiUpstream.start();
        backup = FakeOpenAiUpstream.start();
        prism = RunningGateway.start(FailoverConfig.create()
                .provider("dead", dead, "retry: { max_attempts: 1 }",
                        "circuit_breaker: { failure_threshold: 3, window: 30s, cooldown: " + COOLDOWN.toSeconds() + "s }")
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

    /** The half-open probe's answer, and when (System.nanoTime) it was sent: the breaker's state changed after. */
    private record Probe(HttpResponse<byte[]> response, long sentAt) {}

    /** Sends requests until one reaches the dead upstream (the half-open probe), at most for {@link #BOUND}. */
    private static Probe requestUntilTheProbe() {
        int before = dead.requestCount();
        AtomicReference<HttpResponse<byte[]>> probe = new AtomicReference<>();
        AtomicLong sentAt = new AtomicLong();
        Await.until("a half-open probe reached the dead upstream", () -> {
            sentAt.set(System.nanoTime());
            probe.set(prism.speech("tts-1", "Probe?"));
            return dead.requestCount() > before;
        }, BOUND);
        assertThat(dead.requestCount()).as("exactly one probe").isEqualTo(before + 1);
        return new Probe(probe.get(), sentAt.get());
    }

    /**
     * Sends up to {@code count} requests and checks each is served by the backup without reaching
     * the dead upstream, as long as it was answered before the cooldown of a breaker opened no
     * earlier than {@code openedNoEarlierThan} could have ended. A later answer is not checked (it
     * may have been the probe) and ends the series. Returns how many were checked.
     */
    private static int requestsWhileSurelyOpen(long openedNoEarlierThan, int count) {
        int deadRequests = dead.requestCount();
        int checked = 0;
        for (int i = 0; i < count; i++) {
            HttpResponse<byte[]> response = prism.speech("tts-1", "While open " + i);
            if (System.nanoTime() - openedNoEarlierThan >= COOLDOWN.toNanos()) {
                break;
            }
            assertThat(servedBy(response)).isEqualTo("backup");
            assertThat(dead.requestCount()).as("requests to the dead upstream while open").isEqualTo(deadRequests);
            checked++;
        }
        assertThat(checked).as("requests answered within the %s cooldown", COOLDOWN).isPositive();
        return checked;
    }

    @Test
    void theBreakerOpensStaysOpenProbesAfterTheCooldownAndClosesOnRecovery() throws Exception {
        dead.always("/audio/speech", Answer.error(503, "Down for maintenance"));
        assertThat(prism.breakers()).containsEntry(DEAD, "closed");

        long opened = 0;
        for (int i = 0; i < 3; i++) {
            opened = System.nanoTime();
            assertThat(servedBy(prism.speech("tts-1", "Failing " + i))).isEqualTo("backup");
        }
        assertThat(dead.requestCount()).isEqualTo(3);
        assertThat(prism.breakers()).containsEntry(DEAD, "open").containsEntry("backup/tts-1", "closed");

        // While the breaker is open the target gets nothing.
        requestsWhileSurelyOpen(opened, 20);
        assertThat(prism.breakers()).containsEntry(DEAD, "open");

        // After the cooldown one probe goes through; it fails, so the breaker opens again.
        Probe failed = requestUntilTheProbe();
        assertThat(servedBy(failed.response())).isEqualTo("backup");
        assertThat(prism.breakers()).containsEntry(DEAD, "open");
        requestsWhileSurelyOpen(failed.sentAt(), 1);

        // The upstream recovers; the test holds the probe's answer back to see it in flight.
        StreamedBody heldBack = StreamedBody.create();
        dead.always("/audio/speech", Answer.likeOpenAi()).next("/audio/speech", Answer.streamed("audio/mpeg", heldBack));
        int beforeRecovery = dead.requestCount();
        CompletableFuture<Probe> probe = CompletableFuture.supplyAsync(CircuitBreakerIT::requestUntilTheProbe);
        assertThat(dead.awaitRequests(beforeRecovery + 1, BOUND)).as("the probe arrived").isTrue();
        assertThat(prism.breakers()).as("while the probe is in flight").containsEntry(DEAD, "half-open");
        heldBack.send("recovered audio").end();

        assertThat(servedBy(probe.get(BOUND.toMillis(), TimeUnit.MILLISECONDS).response())).isEqualTo("dead");
        assertThat(prism.breakers()).containsEntry(DEAD, "closed");
        assertThat(servedBy(prism.speech("tts-1", "Closed again"))).isEqualTo("dead");
    }
}
