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

/**
 * {@code x-prism-attempts} counts attempts across all targets; when every target failed the client
 * gets one OpenAI-shaped error that says, per target, what happened, and never a credential; when
 * every target was only rate limiting, a 429 with the longest {@code retry-after}.
 */
class AttemptsAndExhaustionIT {
    private static FakeOpenAiUpstream a;
    private static FakeOpenAiUpstream b;
    private static FakeOpenAiUpstream c;
    private static RunningGateway prism;

    @BeforeAll
    static void start() {
        a = FakeOpenAiUpstream.start();
        b = FakeOpenAiUpstream.start();
        c = FakeOpenAiUpstream.start();
        String noBreaker = "circuit_breaker: { failure_threshold: 1000 }";
        prism = RunningGateway.start(FailoverConfig.create()
                .provider("a", a, "retry: { max_attempts: 3, backoff: 10ms, max_backoff: 20ms }", noBreaker)
                .provider("b", b, "retry: { max_attempts: 2, backoff: 10ms, max_backoff: 20ms }", noBreaker)
                .provider("c", c, "timeout: 200ms", "retry: { max_attempts: 1 }", noBreaker)
                .provider("a-once", a, "retry: { max_attempts: 1 }", noBreaker)
                .provider("b-once", b, "retry: { max_attempts: 1 }", noBreaker)
                .alias("tts-1", "targets: [ { provider: a }, { provider: b }, { provider: c, model: tts-1-hd } ]")
                .alias("tts-busy", "targets: [ { provider: a-once }, { provider: b-once } ]")
                .yaml());
    }

    @AfterAll
    static void stop() {
        prism.close();
        a.close();
        b.close();
        c.close();
    }

    @BeforeEach
    void forgetRequests() {
        a.reset();
        b.reset();
        c.reset();
    }

    @Test
    void attemptsAreCountedAcrossEveryTarget() {
        a.always("/audio/speech", Answer.error(503, "Overloaded"));
        b.next("/audio/speech", Answer.error(502, "Bad gateway"));

        HttpResponse<byte[]> response = prism.speech("tts-1", "Count me");

        assertThat(response.statusCode()).as(RunningGateway.text(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("b");
        assertThat(response.headers().firstValue("x-prism-attempts")).as("3 on a, 2 on b").hasValue("5");
        assertThat(a.requests("/audio/speech")).hasSize(3);
        assertThat(b.requests("/audio/speech")).hasSize(2);
        assertThat(c.requestCount()).isZero();
    }

    @Test
    void whenEveryTargetFailsThe502ListsEachTargetAndNoCredential() {
        a.always("/audio/speech", Answer.error(503, "Overloaded"));
        b.always("/audio/speech", Answer.error(500, "Internal error"));
        c.always("/audio/speech", Answer.hang());

        HttpResponse<byte[]> response = prism.speech("tts-1", "Nobody can");

        JsonNode error = OpenAiError.of(response, 502);
        assertThat(error.get("code").asText()).isEqualTo("upstream_failed");
        assertThat(error.get("message").asText())
                .contains("a/tts-1: HTTP 503 (after 3 attempts)")
                .contains("b/tts-1: HTTP 500 (after 2 attempts)")
                .contains("c/tts-1-hd: timed out");
        assertThat(response.headers().firstValue("x-prism-attempts")).hasValue("6");
        // The keys did reach the upstreams, and nothing of them reaches the client.
        assertThat(a.lastRequest().header("Authorization")).hasValue("Bearer " + FailoverConfig.upstreamKey("a"));
        String everything = RunningGateway.text(response) + response.headers().map();
        for (String provider : new String[] {"a", "b", "c"}) {
            assertThat(everything).doesNotContain(FailoverConfig.upstreamKey(provider));
        }
        assertThat(everything).doesNotContain("sk-upstream").doesNotContain("req_upstream_");
    }

    @Test
    void whenEveryTargetIsRateLimitedTheClientGets429WithTheLongestRetryAfter() {
        a.always("/audio/speech", Answer.error(429, "Rate limit reached").withHeader("retry-after", "2"));
        b.always("/audio/speech", Answer.error(429, "Rate limit reached").withHeader("retry-after-ms", "7000"));

        HttpResponse<byte[]> response = prism.speech("tts-busy", "Busy?");

        JsonNode error = OpenAiError.of(response, 429);
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("message").asText()).contains("a-once/tts-busy").contains("b-once/tts-busy");
        assertThat(response.headers().firstValue("retry-after")).hasValue("7");
        assertThat(response.headers().firstValue("retry-after-ms")).hasValue("7000");
        assertThat(response.headers().firstValue("x-prism-attempts")).hasValue("2");
    }

    @Test
    void onceOneTargetFailedOtherwiseThanRateLimitingTheAnswerIs502() {
        a.always("/audio/speech", Answer.error(429, "Rate limit reached").withHeader("retry-after", "2"));
        b.always("/audio/speech", Answer.error(503, "Overloaded"));

        HttpResponse<byte[]> response = prism.speech("tts-busy", "Mixed");

        OpenAiError.of(response, 502);
    }
}
