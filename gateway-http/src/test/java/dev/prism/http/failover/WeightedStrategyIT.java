package dev.prism.http.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code strategy: weighted} spreads requests by weight and still falls back when a target fails. */
class WeightedStrategyIT {
    private static final int REQUESTS = 1000;

    private static FakeOpenAiUpstream heavy;
    private static FakeOpenAiUpstream light;
    private static RunningGateway prism;

    @BeforeAll
    static void start() {
        heavy = FakeOpenAiUpstream.start();
        light = FakeOpenAiUpstream.start();
        prism = RunningGateway.start(FailoverConfig.create()
                .provider("heavy", heavy, "retry: { max_attempts: 1 }", "circuit_breaker: { failure_threshold: 1000 }")
                .provider("light", light, "retry: { max_attempts: 1 }", "circuit_breaker: { failure_threshold: 1000 }")
                .alias("tts-1", "strategy: weighted, targets: [ { provider: heavy, weight: 3 }, { provider: light, weight: 1 } ]")
                .alias("tts-spare", "strategy: weighted, targets: [ { provider: light, weight: 0 }, { provider: heavy, weight: 1 } ]")
                .yaml());
    }

    @AfterAll
    static void stop() {
        prism.close();
        heavy.close();
        light.close();
    }

    @BeforeEach
    void forgetRequests() {
        heavy.reset();
        light.reset();
    }

    @Test
    void weightsThreeToOneSendThreeQuartersOfTheRequestsToTheHeavierTarget() {
        for (int i = 0; i < REQUESTS; i++) {
            HttpResponse<byte[]> response = prism.speech("tts-1", "w" + i);
            assertThat(response.statusCode()).isEqualTo(200);
        }

        int toHeavy = heavy.requests("/audio/speech").size();
        int toLight = light.requests("/audio/speech").size();
        assertThat(toHeavy + toLight).isEqualTo(REQUESTS);
        double heavyShare = 100.0 * toHeavy / REQUESTS;
        System.out.printf("weighted 3:1 over %d requests: heavy %d (%.1f%%), light %d%n", REQUESTS, toHeavy,
                heavyShare, toLight);
        // 5 points is over 3.6 standard deviations of a binomial(1000, 0.75): a false alarm about once in 3,000 runs.
        assertThat(heavyShare).as("share of the weight-3 target in %%").isCloseTo(75.0, within(5.0));
    }

    @Test
    void aFailingWeightedTargetFallsBackToTheOther() {
        heavy.always("/audio/speech", Answer.error(503, "Overloaded"));

        for (int i = 0; i < 20; i++) {
            HttpResponse<byte[]> response = prism.speech("tts-1", "f" + i);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-prism-provider")).hasValue("light");
        }
        assertThat(light.requests("/audio/speech")).hasSize(20);
    }

    @Test
    void aTargetOfWeightZeroServesOnlyAsAFallback() {
        for (int i = 0; i < 20; i++) {
            assertThat(prism.speech("tts-spare", "z" + i).headers().firstValue("x-prism-provider")).hasValue("heavy");
        }
        assertThat(light.requestCount()).isZero();

        heavy.always("/audio/speech", Answer.error(500, "Broken"));

        HttpResponse<byte[]> response = prism.speech("tts-spare", "Spare me");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("light");
    }
}
