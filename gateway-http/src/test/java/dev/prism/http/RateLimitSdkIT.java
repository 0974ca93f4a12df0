package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.audio.speech.SpeechCreateParams;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.record.CallListener;
import dev.prism.testkit.Await;
import dev.prism.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official OpenAI Java SDK against a key limited to one request a second: each refusal is its
 * {@link RateLimitException} with the headers that say how long to wait, and its retries wait that
 * long and then succeed. The gateway's clock moves only when a refusal has been sent (by a second,
 * the wait it announced), so which request is refused never depends on how fast this machine is.
 */
class RateLimitSdkIT {
    private static final String KEY = "sk-rate-limit-sdk";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingAt("2026-11-29T10:00:00Z");
    private final List<Integer> statuses = new CopyOnWriteArrayList<>();

    private RunningPrism start() {
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  mock: { type: mock }
                models:
                  tts-1: { targets: [ { provider: mock } ] }
                keys:
                  - { name: team-a, key: %s, rate_limit: { requests_per_second: 1 } }
                ledger: { url: "jdbc:h2:file:%s", spill_dir: "%s" }
                """.formatted(KEY, dir.resolve("ledger"), dir.resolve("spill"));
        CallListener refusalsMoveTheClock = call -> {
            if (call.status() == 429) {
                clock.advance(Duration.ofSeconds(1));
            }
            statuses.add(call.status());
        };
        return RunningPrism.start(new ConfigLoader(Map.<String, String>of()::get).parse(yaml), clock,
                List.of(new AbstractModule() {
                    @Override
                    protected void configure() {
                        Multibinder.newSetBinder(binder(), CallListener.class).addBinding().toInstance(refusalsMoveTheClock);
                    }
                }));
    }

    private static OpenAIClient client(RunningPrism prism, int maxRetries) {
        return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + prism.port() + "/v1").apiKey(KEY)
                .maxRetries(maxRetries).timeout(Duration.ofSeconds(30)).build();
    }

    private static int speech(OpenAIClient openai) throws Exception {
        SpeechCreateParams params = SpeechCreateParams.builder().model("tts-1").input("hello").voice("alloy")
                .responseFormat(SpeechCreateParams.ResponseFormat.WAV).build();
        try (HttpResponse response = openai.audio().speech().create(params)) {
            response.body().readAllBytes();
            return response.statusCode();
        }
    }

    @Test
    void aRefusalIsTheSdksRateLimitErrorAndItsRetryWaitsAsToldThenSucceeds() throws Exception {
        try (RunningPrism prism = start()) {
            OpenAIClient noRetries = client(prism, 0);
            assertThat(speech(noRetries)).isEqualTo(200);
            assertThatThrownBy(() -> speech(noRetries)).isInstanceOfSatisfying(RateLimitException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(429);
                assertThat(e.code()).contains("rate_limit_exceeded");
                assertThat(e.headers().values("retry-after-ms")).containsExactly("1000");
                assertThat(e.headers().values("retry-after")).containsExactly("1");
                assertThat(e.headers().values("x-ratelimit-limit-requests")).containsExactly("1");
                assertThat(e.headers().values("x-ratelimit-remaining-requests")).containsExactly("0");
                assertThat(e.headers().values("x-ratelimit-reset-requests")).containsExactly("1s");
            });
            Await.until("the refusal moved the clock", () -> statuses.size() == 2, Duration.ofSeconds(10));
            assertThat(speech(noRetries)).isEqualTo(200);
            noRetries.close();

            // The bucket is empty: the SDK is refused, waits the second it is told, and its retry is served.
            OpenAIClient retrying = client(prism, 2);
            assertThat(speech(retrying)).isEqualTo(200);
            retrying.close();
            Await.until("the served retry is recorded", () -> statuses.size() >= 5 && statuses.getLast() == 200,
                    Duration.ofSeconds(10));
            assertThat(statuses.subList(0, 4)).containsExactly(200, 429, 200, 429);
            // Retried only on refusals: everything between the first refusal of this call and its answer is a 429.
            assertThat(statuses.subList(3, statuses.size() - 1)).containsOnly(429);
        }
    }
}
