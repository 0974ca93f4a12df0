package dev.prism.core.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.prism.api.AudioFormat;
import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.api.MediaResponse;
import dev.prism.api.SpeechRequest;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.Voice;
import dev.prism.core.GatewayModule;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.keys.VirtualKey;
import dev.prism.core.pipeline.CallCancelled;
import dev.prism.core.pipeline.GatewayResponse;
import dev.prism.core.record.RecordView;
import static dev.prism.core.record.RecordView.headers;
import dev.prism.core.pipeline.MediaGateway;
import dev.prism.core.routing.ProviderTarget;
import dev.prism.spi.HttpTransport;
import dev.prism.spi.ProviderException;
import dev.prism.testkit.FakeProvider;
import dev.prism.testkit.FakeProviderFactory;
import dev.prism.testkit.InMemoryUpload;
import dev.prism.testkit.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover seen through the whole pipeline, wired by Guice as production wires it, with scripted
 * {@link FakeProvider}s behind providers of type {@code fake}.
 */
class FailoverDispatchTest {
    /** The fakes are registered in a static registry: every fake gets a name no other test uses. */
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static final VirtualKey KEY = new VirtualKey("tester", Optional.empty());
    private static final HttpTransport NO_NETWORK = request -> {
        throw new IOException("no network in unit tests");
    };
    private static final String NO_RETRY = "retry: { max_attempts: 1 }";
    private static final String ONE_QUICK_RETRY = "retry: { max_attempts: 2, backoff: 1ms }";

    @TempDir
    Path pluginDir;

    private final MutableClock clock = MutableClock.startingAt("2026-03-01T09:00:00Z");

    private static FakeProvider fake(String role) {
        return FakeProviderFactory.register(FakeProvider.named(role + "-" + NAMES.incrementAndGet()));
    }

    /** A fake whose every call fails as an upstream's HTTP 503 whose body says {@code upstreamMessage}. */
    private static FakeProvider alwaysFailing(String role, String upstreamMessage) {
        FakeProvider fake = fake(role);
        return fake.thenAnswering(() -> {
            throw ProviderException.fromStatus(fake.name(), 503, upstreamMessage, null, null, null);
        });
    }

    /** A fake that takes {@code latency} (on the gateway's clock) to answer with its name. */
    private FakeProvider answeringAfter(String role, AtomicReference<Duration> latency) {
        FakeProvider fake = fake(role);
        return fake.thenAnswering(() -> {
            clock.advance(latency.get());
            return MediaResponse.of("audio/mpeg", fake.name().getBytes(StandardCharsets.UTF_8));
        });
    }

    private static String providers(String settings, FakeProvider... fakes) {
        return "providers:\n" + Arrays.stream(fakes)
                .map(f -> "  " + f.name() + ": { type: fake, " + settings + " }\n")
                .collect(Collectors.joining());
    }

    private static String targets(FakeProvider... fakes) {
        return Arrays.stream(fakes).map(f -> "{ provider: " + f.name() + " }")
                .collect(Collectors.joining(", ", "[ ", " ]"));
    }

    private Injector injector(String yaml) {
        GatewayConfig config = new ConfigLoader(name -> null)
                .parse("plugins: { dir: \"" + pluginDir + "\" }\n" + yaml);
        // A seeded random: the weighted strategy picks the same targets on every run.
        return Guice.createInjector(new GatewayModule(config, clock, NO_NETWORK, new Random(20260301)));
    }

    private MediaGateway gateway(String yaml) {
        return injector(yaml).getInstance(MediaGateway.class);
    }

    /** A gateway with one alias, {@code tts-1}, over the fakes in order. */
    private MediaGateway fallbackOver(String settings, FakeProvider... fakes) {
        return gateway(providers(settings, fakes) + "models:\n  tts-1: { targets: " + targets(fakes) + " }\n");
    }

    private static SpeechRequest speech(String alias) {
        return new SpeechRequest(alias, "Hello there", Voice.named("alloy"), AudioFormat.MP3, 1.0, null, false, false,
                Map.of());
    }

    private static String body(GatewayResponse response) throws IOException {
        return new String(response.media().body().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Serves one request and returns the provider that answered, closing the answer. */
    private static String servedBy(MediaGateway gateway, SpeechRequest request) {
        try (GatewayResponse response = gateway.serve("req", KEY, request)) {
            return headers(response).get(RecordView.PROVIDER);
        }
    }

    @Test
    void firstTargetServesAndTheHeadersNameItWithOneAttempt() throws IOException {
        FakeProvider first = fake("first");
        FakeProvider second = fake("second");
        MediaGateway gateway = fallbackOver(NO_RETRY, first, second);

        try (GatewayResponse response = gateway.serve("req-1", KEY, speech("tts-1"))) {
            assertThat(headers(response))
                    .containsEntry(RecordView.PROVIDER, first.name())
                    .containsEntry(RecordView.ATTEMPTS, "1");
            assertThat(body(response)).isEqualTo(first.name());
        }
        assertThat(first.calls()).singleElement().satisfies(call -> {
            assertThat(call.request()).isEqualTo(speech("tts-1"));
            assertThat(call.context().requestId()).isEqualTo("req-1");
            assertThat(call.context().upstreamModel()).as("the target model defaults to the alias").isEqualTo("tts-1");
        });
        assertThat(second.calls()).isEmpty();
    }

    @Test
    void targetGetsTheModelNameItIsConfiguredWith() {
        FakeProvider hd = fake("hd");
        MediaGateway gateway = gateway(providers(NO_RETRY, hd) + """
                models:
                  tts-1: { targets: [ { provider: %s, model: tts-1-hd } ] }
                """.formatted(hd.name()));

        servedBy(gateway, speech("tts-1"));

        assertThat(hd.calls()).singleElement()
                .satisfies(call -> assertThat(call.context().upstreamModel()).isEqualTo("tts-1-hd"));
    }

    @Test
    void retryableFailureIsRetriedOnTheSameTargetThenFallsBackToTheNext() throws IOException {
        FakeProvider flaky = fake("flaky").failing(ErrorKind.UPSTREAM_FAILED, 2);
        FakeProvider steady = fake("steady");
        MediaGateway gateway = fallbackOver(ONE_QUICK_RETRY, flaky, steady);

        try (GatewayResponse response = gateway.serve("req-2", KEY, speech("tts-1"))) {
            assertThat(headers(response))
                    .containsEntry(RecordView.PROVIDER, steady.name())
                    .as("every attempt counts, on every target")
                    .containsEntry(RecordView.ATTEMPTS, "3");
            assertThat(body(response)).isEqualTo(steady.name());
        }
        assertThat(flaky.calls()).hasSize(2);
        assertThat(steady.calls()).hasSize(1);
    }

    @Test
    void retryThatSucceedsStaysOnTheSameTarget() {
        FakeProvider flaky = fake("flaky").failing(ErrorKind.UPSTREAM_TIMEOUT, 1);
        FakeProvider spare = fake("spare");
        MediaGateway gateway = fallbackOver(ONE_QUICK_RETRY, flaky, spare);

        try (GatewayResponse response = gateway.serve("req", KEY, speech("tts-1"))) {
            assertThat(headers(response))
                    .containsEntry(RecordView.PROVIDER, flaky.name())
                    .containsEntry(RecordView.ATTEMPTS, "2");
        }
        assertThat(spare.calls()).isEmpty();
    }

    @Test
    void nonRetryableFailureGoesStraightBackWithNoRetryAndNoFallback() {
        FakeProvider picky = fake("picky").failing(ErrorKind.UPSTREAM_REJECTED, 1);
        FakeProvider spare = fake("spare");
        MediaGateway gateway = fallbackOver(ONE_QUICK_RETRY, picky, spare);

        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> gateway.serve("req", KEY, speech("tts-1")));

        assertThat(e).isNotInstanceOf(AttemptsExhausted.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_REJECTED);
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("fake " + picky.name() + " failed with UPSTREAM_REJECTED");
        assertThat(picky.calls()).hasSize(1);
        assertThat(spare.calls()).isEmpty();
    }

    /** A fake whose every call fails as an upstream's {@code status} whose body says {@code upstreamMessage}. */
    private static FakeProvider alwaysAnswering(String role, int status, String upstreamMessage, String code) {
        FakeProvider fake = fake(role);
        return fake.thenAnswering(() -> {
            throw ProviderException.fromStatus(fake.name(), status, upstreamMessage, null, code, null);
        });
    }

    @Test
    void refusedCredentialsAreNotRetriedOnTheSameTargetButTheNextTargetServes() throws IOException {
        FakeProvider locked = alwaysAnswering("locked", 401, "Incorrect API key provided: sk-upst****abcd.",
                "invalid_api_key");
        FakeProvider spare = fake("spare");
        MediaGateway gateway = fallbackOver("retry: { max_attempts: 3, backoff: 1ms }", locked, spare);

        try (GatewayResponse response = gateway.serve("req", KEY, speech("tts-1"))) {
            assertThat(headers(response))
                    .containsEntry(RecordView.PROVIDER, spare.name())
                    .containsEntry(RecordView.ATTEMPTS, "2");
        }
        assertThat(locked.calls()).as("a refusal of Prism's key is the same on every retry").hasSize(1);
    }

    @Test
    void whenTheOnlyTargetRefusesPrismsCredentialsTheClientGets502WithoutTheUpstreamsMessage() {
        FakeProvider locked = alwaysAnswering("locked", 403, "Project proj_x has no access; key sk-upst****abcd.", null);
        MediaGateway gateway = fallbackOver("retry: { max_attempts: 3, backoff: 1ms }", locked);

        AttemptsExhausted e = catchThrowableOfType(AttemptsExhausted.class,
                () -> gateway.serve("req", KEY, speech("tts-1")));

        assertThat(e.httpStatus()).isEqualTo(502);
        assertThat(e.code()).isEqualTo("upstream_failed");
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.getMessage()).isEqualTo("Every provider of `tts-1` failed: "
                + locked.name() + "/tts-1: HTTP 403, the provider refused Prism's credentials.");
        assertThat(e.getMessage()).doesNotContain("abcd").doesNotContain("proj_x");
    }

    @Test
    void anUnknownUpstreamModelFallsBackAndIsNamedAsTheTargetsConfiguration() {
        FakeProvider misnamed = fake("misnamed").failing(ErrorKind.UPSTREAM_CONFIG, 1);
        FakeProvider spare = fake("spare").failing(ErrorKind.UPSTREAM_AUTH, 1);
        MediaGateway gateway = fallbackOver(ONE_QUICK_RETRY, misnamed, spare);

        AttemptsExhausted e = catchThrowableOfType(AttemptsExhausted.class,
                () -> gateway.serve("req", KEY, speech("tts-1")));

        assertThat(e.httpStatus()).isEqualTo(502);
        assertThat(e.attempts()).isEqualTo(2);
        assertThat(e.getMessage()).isEqualTo("Every provider of `tts-1` failed: "
                + misnamed.name() + "/tts-1: HTTP 404, the provider does not know the configured model; "
                + spare.name() + "/tts-1: HTTP 401, the provider refused Prism's credentials.");
    }

    @Test
    void refusedCredentialsCountOnTheTargetsBreaker() {
        FakeProvider locked = alwaysAnswering("locked", 401, "Incorrect API key provided.", "invalid_api_key");
        FakeProvider spare = fake("spare");
        Injector injector = injector(providers(NO_RETRY + ", circuit_breaker: { failure_threshold: 2 }", locked, spare)
                + "models:\n  tts-1: { targets: " + targets(locked, spare) + " }\n");
        MediaGateway gateway = injector.getInstance(MediaGateway.class);

        for (int i = 0; i < 4; i++) {
            assertThat(servedBy(gateway, speech("tts-1"))).isEqualTo(spare.name());
        }

        assertThat(locked.calls()).as("calls until the breaker opened").hasSize(2);
        assertThat(injector.getInstance(TargetHealthRegistry.class)
                .of(new ProviderTarget(locked.name(), "tts-1", 1)).breakerState()).isEqualTo("open");
    }

    @Test
    void providerThatThrowsAnUnexpectedExceptionCountsAsAFailedAttempt() {
        FakeProvider buggy = fake("buggy").thenAnswering(() -> {
            throw new IllegalStateException("a bug in the provider");
        });
        FakeProvider spare = fake("spare");
        MediaGateway gateway = fallbackOver(NO_RETRY, buggy, spare);

        assertThat(servedBy(gateway, speech("tts-1"))).isEqualTo(spare.name());
        assertThat(buggy.calls()).hasSize(1);
    }

    @Test
    void whenEveryTargetFailsTheErrorListsEachTargetAndNoSecret() {
        String upstreamSays = "Incorrect API key provided: sk-live-4f9a2c0e1b7d. You can find your API key at ...";
        FakeProvider down = alwaysFailing("down", upstreamSays);
        FakeProvider alsoDown = alwaysFailing("also-down", upstreamSays);
        MediaGateway gateway = gateway(providers(ONE_QUICK_RETRY, down, alsoDown) + """
                models:
                  tts-1: { targets: [ { provider: %s }, { provider: %s, model: tts-1-hd } ] }
                """.formatted(down.name(), alsoDown.name()));

        AttemptsExhausted e = catchThrowableOfType(AttemptsExhausted.class,
                () -> gateway.serve("req", KEY, speech("tts-1")));

        assertThat(e.httpStatus()).isEqualTo(502);
        assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_FAILED);
        assertThat(e.code()).isEqualTo("upstream_failed");
        assertThat(e.attempts()).isEqualTo(4);
        assertThat(e.getMessage()).isEqualTo("Every provider of `tts-1` failed: "
                + down.name() + "/tts-1: HTTP 503 (after 2 attempts); "
                + alsoDown.name() + "/tts-1-hd: HTTP 503 (after 2 attempts).");
        assertThat(e.getMessage()).doesNotContain("sk-live").doesNotContain("API key");
        assertThat(down.calls()).hasSize(2);
        assertThat(alsoDown.calls()).hasSize(2);
    }

    @Test
    void whenEveryTargetIsRateLimitedTheErrorIs429WithTheLongestRetryAfter() {
        FakeProvider busy = fake("busy");
        busy.thenAnswering(() -> {
            throw ProviderException.fromStatus(busy.name(), 429, "slow down", null, null, Duration.ofSeconds(2));
        });
        FakeProvider busier = fake("busier");
        busier.thenAnswering(() -> {
            throw ProviderException.fromStatus(busier.name(), 429, "slow down", null, null, Duration.ofSeconds(7));
        });
        MediaGateway gateway = fallbackOver(NO_RETRY, busy, busier);

        AttemptsExhausted e = catchThrowableOfType(AttemptsExhausted.class,
                () -> gateway.serve("req", KEY, speech("tts-1")));

        assertThat(e.httpStatus()).isEqualTo(429);
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.code()).isEqualTo("rate_limit_exceeded");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.attempts()).isEqualTo(2);
    }

    @Test
    void breakerOpensAfterTheFailureThresholdAndTheFailingTargetGetsNoMoreCalls() {
        FakeProvider broken = alwaysFailing("broken", "internal error");
        FakeProvider healthy = fake("healthy");
        Injector injector = injector(providers(NO_RETRY + ", circuit_breaker: { failure_threshold: 3 }", broken, healthy)
                + "models:\n  tts-1: { targets: " + targets(broken, healthy) + " }\n");
        MediaGateway gateway = injector.getInstance(MediaGateway.class);

        List<String> attempts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            try (GatewayResponse response = gateway.serve("req-" + i, KEY, speech("tts-1"))) {
                assertThat(headers(response)).containsEntry(RecordView.PROVIDER, healthy.name());
                attempts.add(headers(response).get(RecordView.ATTEMPTS));
            }
        }

        assertThat(broken.calls()).hasSize(3);
        assertThat(healthy.calls()).hasSize(10);
        assertThat(attempts).containsExactly("2", "2", "2", "1", "1", "1", "1", "1", "1", "1");
        TargetHealthRegistry health = injector.getInstance(TargetHealthRegistry.class);
        assertThat(health.of(new ProviderTarget(broken.name(), "tts-1", 1)).breakerState()).isEqualTo("open");
        assertThat(health.of(new ProviderTarget(healthy.name(), "tts-1", 1)).breakerState()).isEqualTo("closed");
    }

    @Test
    void interruptedAttemptCancelsTheCallWithoutRetryingFallingBackOrBlamingTheTarget() {
        FakeProvider abandoned = fake("abandoned");
        // What an interrupt does to an attempt blocked on a socket: the socket closes and the read fails.
        abandoned.thenAnswering(() -> {
            Thread.currentThread().interrupt();
            throw ProviderException.failed(abandoned.name() + " broke off: Closed by interrupt", null);
        });
        FakeProvider next = fake("next");
        Injector injector = injector(providers(ONE_QUICK_RETRY + ", circuit_breaker: { failure_threshold: 1 }",
                abandoned, next) + "models:\n  tts-1: { targets: " + targets(abandoned, next) + " }\n");
        MediaGateway gateway = injector.getInstance(MediaGateway.class);

        try {
            assertThat(catchThrowableOfType(CallCancelled.class, () -> gateway.serve("req", KEY, speech("tts-1"))))
                    .hasMessageContaining(abandoned.name());
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is left for the caller to see").isTrue();
        }

        assertThat(abandoned.calls()).as("no retry").hasSize(1);
        assertThat(next.calls()).as("no fallback").isEmpty();
        TargetHealthRegistry health = injector.getInstance(TargetHealthRegistry.class);
        assertThat(health.of(new ProviderTarget(abandoned.name(), "tts-1", 1)).breakerState()).isEqualTo("closed");
        assertThat(health.of(new ProviderTarget(abandoned.name(), "tts-1", 1)).latencyMillis()).isEqualTo(-1);
    }

    @Test
    void callOnAnInterruptedThreadReachesNoProvider() {
        FakeProvider untouched = fake("untouched");
        MediaGateway gateway = fallbackOver(NO_RETRY, untouched);

        Thread.currentThread().interrupt();
        try {
            assertThat(catchThrowableOfType(CallCancelled.class, () -> gateway.serve("req", KEY, speech("tts-1"))))
                    .isNotNull();
        } finally {
            Thread.interrupted();
        }
        assertThat(untouched.calls()).isEmpty();
    }

    @Test
    void breakerOfAnOnlyTargetTurnsFailuresIntoImmediateRefusals() {
        FakeProvider broken = alwaysFailing("lonely", "internal error");
        MediaGateway gateway = gateway(providers(NO_RETRY + ", circuit_breaker: { failure_threshold: 2 }", broken)
                + "models:\n  tts-1: { targets: " + targets(broken) + " }\n");

        for (int i = 0; i < 5; i++) {
            catchThrowableOfType(AttemptsExhausted.class, () -> gateway.serve("req", KEY, speech("tts-1")));
        }
        AttemptsExhausted e = catchThrowableOfType(AttemptsExhausted.class,
                () -> gateway.serve("req", KEY, speech("tts-1")));

        assertThat(broken.calls()).hasSize(2);
        assertThat(e.attempts()).isZero();
        assertThat(e.getMessage()).contains(broken.name() + "/tts-1: circuit open");
    }

    @Test
    void weightedStrategySplitsTrafficInProportionToTheWeights() {
        FakeProvider heavy = fake("heavy");
        FakeProvider light = fake("light");
        MediaGateway gateway = gateway(providers(NO_RETRY, heavy, light) + """
                models:
                  tts-1:
                    strategy: weighted
                    targets: [ { provider: %s, weight: 3 }, { provider: %s, weight: 1 } ]
                """.formatted(heavy.name(), light.name()));

        int requests = 1000;
        Map<String, Long> servedBy = new java.util.HashMap<>();
        for (int i = 0; i < requests; i++) {
            servedBy.merge(servedBy(gateway, speech("tts-1")), 1L, Long::sum);
        }

        assertThat(servedBy).containsOnlyKeys(heavy.name(), light.name());
        double heavyShare = servedBy.get(heavy.name()) / (double) requests;
        assertThat(heavyShare).as("share of the weight-3 target").isBetween(0.70, 0.80);
        assertThat(heavy.calls().size() + light.calls().size()).isEqualTo(requests);
    }

    @Test
    void weightedStrategyStillFallsBackToTheOtherTargets() {
        FakeProvider down = alwaysFailing("weighted-down", "internal error");
        FakeProvider zero = fake("zero");
        MediaGateway gateway = gateway(providers(NO_RETRY + ", circuit_breaker: { failure_threshold: 1000 }", down, zero)
                + """
                models:
                  tts-1:
                    strategy: weighted
                    targets: [ { provider: %s, weight: 1 }, { provider: %s, weight: 0 } ]
                """.formatted(down.name(), zero.name()));

        for (int i = 0; i < 20; i++) {
            assertThat(servedBy(gateway, speech("tts-1"))).as("a weight-0 target is the last resort").isEqualTo(zero.name());
        }
        assertThat(down.calls()).hasSize(20);
    }

    @Test
    void leastLatencyPrefersAnotherTargetOnceOneGotSlow() {
        AtomicReference<Duration> wobblyLatency = new AtomicReference<>(Duration.ofMillis(5));
        FakeProvider wobbly = answeringAfter("wobbly", wobblyLatency);
        FakeProvider steady = answeringAfter("steady", new AtomicReference<>(Duration.ofMillis(20)));
        MediaGateway gateway = gateway(providers(NO_RETRY, wobbly, steady) + """
                models:
                  tts-1: { strategy: least-latency, targets: %s }
                """.formatted(targets(wobbly, steady)));

        List<String> before = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            before.add(servedBy(gateway, speech("tts-1")));
        }
        wobblyLatency.set(Duration.ofMillis(500));
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            after.add(servedBy(gateway, speech("tts-1")));
        }

        assertThat(before).as("each target is measured once, then the faster one is preferred")
                .containsExactly(wobbly.name(), steady.name(), wobbly.name());
        assertThat(after).as("one slow answer is enough to move traffic to the other target")
                .containsExactly(wobbly.name(), steady.name(), steady.name(), steady.name());
    }

    @Test
    void modelWhoseProvidersLackTheCapabilityIsAnInvalidRequestOnTheModel() {
        String ears = "ears-" + NAMES.incrementAndGet();
        MediaGateway gateway = gateway("""
                providers:
                  %s: { type: transcription-only }
                models:
                  listen: { targets: [ { provider: %s } ] }
                """.formatted(ears, ears));

        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> gateway.serve("req", KEY, speech("listen")));

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.param()).isEqualTo("model");
        assertThat(e.getMessage()).isEqualTo("The model `listen` does not support speech.");
    }

    @Test
    void targetsLackingTheCapabilityAreSkippedWithoutCountingAnAttempt() throws IOException {
        String ears = "ears-" + NAMES.incrementAndGet();
        FakeProvider voice = fake("voice");
        MediaGateway gateway = gateway("""
                providers:
                  %s: { type: transcription-only }
                  %s: { type: fake }
                models:
                  both: { targets: [ { provider: %s }, { provider: %s } ] }
                """.formatted(ears, voice.name(), ears, voice.name()));

        try (GatewayResponse speech = gateway.serve("req-1", KEY, speech("both"))) {
            assertThat(headers(speech))
                    .containsEntry(RecordView.PROVIDER, voice.name())
                    .containsEntry(RecordView.ATTEMPTS, "1");
        }
        TranscriptionRequest transcription = new TranscriptionRequest("both",
                new InMemoryUpload("a.wav", "audio/wav", new byte[] {1, 2, 3}), null, null, TranscriptFormat.JSON, null,
                List.of(), false, List.of());
        try (GatewayResponse heard = gateway.serve("req-2", KEY, transcription)) {
            assertThat(headers(heard)).containsEntry(RecordView.PROVIDER, ears);
            assertThat(body(heard)).isEqualTo("{\"text\":\"heard\"}");
        }
        assertThat(voice.calls()).hasSize(1);
    }

    @Test
    void keyThatMayNotUseTheAliasIsRefusedBeforeAnyProviderIsCalled() {
        FakeProvider voice = fake("voice");
        MediaGateway gateway = fallbackOver(NO_RETRY, voice);

        GatewayException e = catchThrowableOfType(GatewayException.class, () -> gateway.serve("req",
                new VirtualKey("limited", Optional.of(Set.of("whisper-1"))), speech("tts-1")));

        assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION);
        assertThat(e.code()).isEqualTo("model_not_allowed");
        assertThat(voice.calls()).isEmpty();
    }

    @Test
    void unknownAliasIsNotFound() {
        MediaGateway gateway = fallbackOver(NO_RETRY, fake("voice"));

        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> gateway.serve("req", KEY, speech("tts-9")));

        assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(e.code()).isEqualTo("model_not_found");
    }

    @Test
    void whenTheDeadlinePassesTheRemainingTargetsAreNotTriedAndTheErrorIsATimeout() {
        FakeProvider slow = fake("slow");
        slow.thenAnswering(() -> {
            clock.advance(Duration.ofSeconds(2));
            throw ProviderException.timedOut("Provider '" + slow.name() + "' sent no data in time", null);
        });
        FakeProvider spare = fake("spare");
        MediaGateway gateway = gateway(providers(NO_RETRY, slow, spare) + """
                models:
                  tts-1: { deadline: 1s, targets: %s }
                """.formatted(targets(slow, spare)));

        AttemptsExhausted e = catchThrowableOfType(AttemptsExhausted.class,
                () -> gateway.serve("req", KEY, speech("tts-1")));

        assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
        assertThat(e.httpStatus()).isEqualTo(504);
        assertThat(e.getMessage()).startsWith("The deadline for `tts-1` passed");
        assertThat(spare.calls()).isEmpty();
    }

    @Test
    void deadlineShorterThanTheRetryBackoffStillServes() {
        FakeProvider voice = fake("voice");
        MediaGateway gateway = gateway(providers("retry: { max_attempts: 2, backoff: 200ms }", voice) + """
                models:
                  tts-1: { deadline: 100ms, targets: %s }
                """.formatted(targets(voice)));

        assertThat(servedBy(gateway, speech("tts-1"))).isEqualTo(voice.name());
    }

    @Test
    void deadlineShorterThanTheRetryBackoffStillFallsBack() {
        FakeProvider flaky = fake("flaky").failing(ErrorKind.UPSTREAM_FAILED, 1);
        FakeProvider spare = fake("spare");
        MediaGateway gateway = gateway(providers("retry: { max_attempts: 2, backoff: 200ms }", flaky, spare) + """
                models:
                  tts-1: { deadline: 100ms, targets: %s }
                """.formatted(targets(flaky, spare)));

        assertThat(servedBy(gateway, speech("tts-1"))).isEqualTo(spare.name());
        assertThat(flaky.calls()).hasSize(1);
    }

    @Test
    void zeroBackoffRetriesWithoutWaiting() {
        FakeProvider flaky = fake("flaky").failing(ErrorKind.UPSTREAM_FAILED, 1);
        MediaGateway gateway = gateway(providers("retry: { max_attempts: 2, backoff: 0ms }", flaky)
                + "models:\n  tts-1: { targets: " + targets(flaky) + " }\n");

        try (GatewayResponse response = gateway.serve("req", KEY, speech("tts-1"))) {
            assertThat(headers(response))
                    .containsEntry(RecordView.PROVIDER, flaky.name())
                    .containsEntry(RecordView.ATTEMPTS, "2");
        }
    }

    @Test
    void globalDeadlineShorterThanTheRetryBackoffStillServes() {
        FakeProvider voice = fake("voice");
        MediaGateway gateway = gateway("routing: { deadline: 150ms }\n"
                + providers("retry: { max_attempts: 3, backoff: 200ms }", voice)
                + "models:\n  tts-1: { targets: " + targets(voice) + " }\n");

        assertThat(servedBy(gateway, speech("tts-1"))).isEqualTo(voice.name());
    }
}
