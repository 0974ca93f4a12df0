package dev.prism.http.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code strategy: least-latency} sends requests to the target with the lowest recent time to first
 * byte, whatever the order in the configuration.
 */
class LeastLatencyIT {
    private static final int WARM_UP = 5;
    private static final int REQUESTS = 40;

    private static FakeOpenAiUpstream slow;
    private static FakeOpenAiUpstream fast;
    private static RunningGateway prism;

    @BeforeAll
    static void start() {
        slow = FakeOpenAiUpstream.start();
        fast = FakeOpenAiUpstream.start();
        prism = RunningGateway.start(FailoverConfig.create()
                .provider("slow", slow, "retry: { max_attempts: 1 }")
                .provider("fast", fast, "retry: { max_attempts: 1 }")
                // The slow target comes first: only measured latency can move traffic away from it.
                .alias("tts-1", "strategy: least-latency, targets: [ { provider: slow }, { provider: fast } ]")
                .yaml());
    }

    @AfterAll
    static void stop() {
        prism.close();
        slow.close();
        fast.close();
    }

    @Test
    void trafficMovesAwayFromTheSlowTarget() {
        slow.always("/audio/speech", Answer.likeOpenAi().afterDelay(Duration.ofMillis(150)));
        for (int i = 0; i < WARM_UP; i++) {
            assertThat(prism.speech("tts-1", "warm " + i).statusCode()).isEqualTo(200);
        }
        assertThat(slow.requestCount()).as("the slow target was measured during the warm-up").isPositive();
        slow.forgetRequests();
        fast.forgetRequests();

        for (int i = 0; i < REQUESTS; i++) {
            assertThat(prism.speech("tts-1", "measured " + i).statusCode()).isEqualTo(200);
        }

        int toFast = fast.requestCount();
        System.out.printf("least-latency: fast %d of %d, slow %d%n", toFast, REQUESTS, slow.requestCount());
        assertThat(toFast).as("requests to the fast target, of %d", REQUESTS).isGreaterThanOrEqualTo(REQUESTS * 8 / 10);
        assertThat(toFast + slow.requestCount()).isEqualTo(REQUESTS);
    }
}
