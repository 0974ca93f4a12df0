package dev.prism.core.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.api.AudioFormat;
import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.api.SpeechRequest;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.api.Voice;
import dev.prism.core.config.Allowance;
import dev.prism.core.config.LimitUnit;
import dev.prism.core.config.LimitWindow;
import dev.prism.core.config.RateLimit;
import dev.prism.core.failover.TargetAdmission;
import dev.prism.core.keys.VirtualKey;
import dev.prism.core.pipeline.CacheDirectives;
import dev.prism.core.pipeline.MediaCall;
import dev.prism.core.record.Attempt;
import dev.prism.core.record.CallRecord;
import dev.prism.core.record.LimitStanding;
import dev.prism.core.record.MediaUnits;
import dev.prism.core.routing.ModelRoute;
import dev.prism.core.routing.ProviderTarget;
import dev.prism.core.routing.Strategy;
import dev.prism.testkit.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The limiter on the embedded store, under a clock that stands still unless the test moves it: what
 * each stage takes, what a refusal leaves, what is given back when a call completes.
 */
class RateLimiterTest {
    private static final VirtualKey TEAM_A = new VirtualKey("team-a", Optional.empty());
    private static final ProviderTarget OPENAI = new ProviderTarget("openai", "tts-1", 1);

    private final MutableClock clock = MutableClock.startingAt("2026-11-29T10:00:00Z");
    private final LocalLimitStore store = new LocalLimitStore(clock);
    private final LimitOutages outages = new LimitOutages();

    private static RateLimit limit(Allowance... allowances) {
        return new RateLimit(List.of(allowances), OptionalInt.empty());
    }

    private static Allowance per(LimitUnit unit, long amount, LimitWindow window) {
        return new Allowance(unit, amount, window);
    }

    private RateLimiter limiter(RateLimit key, Map<String, RateLimit> providers) {
        return limiter(store, key, providers, LimitSettings.OnStoreError.ALLOW);
    }

    private RateLimiter limiter(LimitStore on, RateLimit key, Map<String, RateLimit> providers,
            LimitSettings.OnStoreError onError) {
        return new RateLimiter(on, name -> name.equals("team-a") ? key : RateLimit.NONE, providers, onError, outages);
    }

    private MediaCall call(Usage units, RateLimit model) {
        CallRecord record = CallRecord.detached("req", clock);
        record.measured(MediaUnits.of(units));
        SpeechRequest request = new SpeechRequest("tts-1", "x", Voice.named("alloy"), AudioFormat.MP3, 1.0, null, false,
                false, Map.of());
        ModelRoute route = new ModelRoute("tts-1", Strategy.FALLBACK, List.of(OPENAI), Optional.empty(), Optional.empty(),
                Optional.empty(), model);
        return new MediaCall("req", TEAM_A, request, route, CacheDirectives.NONE, record);
    }

    private MediaCall speech(int characters) {
        return call(Usage.of(UsageUnit.CHARACTERS, characters), RateLimit.NONE);
    }

    private static void answered(MediaCall call) {
        call.record().attempted(Attempt.answered("openai", "tts-1", java.time.Instant.EPOCH, Duration.ofMillis(3)));
        call.record().complete(200, null);
    }

    private static void failedUpstream(MediaCall call) {
        call.record().attempted(Attempt.failed("openai", "tts-1", java.time.Instant.EPOCH, Duration.ofMillis(3), 500,
                ErrorKind.UPSTREAM_FAILED));
        call.record().complete(502, ErrorKind.UPSTREAM_FAILED);
    }

    private long remaining(String keyOrModel, Allowance allowance) {
        LimitOwner owner = keyOrModel.startsWith("model:") ? new LimitOwner(LimitOwner.Kind.MODEL, keyOrModel.substring(6))
                : keyOrModel.startsWith("provider:") ? new LimitOwner(LimitOwner.Kind.PROVIDER, keyOrModel.substring(9))
                : new LimitOwner(LimitOwner.Kind.KEY, keyOrModel);
        return store.level(BucketSpec.of(owner, allowance)).remaining();
    }

    @Test
    void requestsPerMinuteAdmitsItsLimitThenRefusesNamingTheLimitAndTheKeyWithTheWaitUntilATokenIsBack() {
        Allowance rpm = per(LimitUnit.REQUESTS, 3, LimitWindow.MINUTE);
        RateLimiter limiter = limiter(limit(rpm), Map.of());
        List<Long> remaining = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            MediaCall call = speech(5);
            limiter.admit(call);
            remaining.add(call.record().limitStanding(LimitStanding.Counts.REQUESTS).orElseThrow().remaining());
            answered(call);
        }
        assertThat(remaining).containsExactly(2L, 1L, 0L);

        MediaCall fourth = speech(5);
        assertThatThrownBy(() -> limiter.admit(fourth)).isInstanceOfSatisfying(LimitReached.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(429);
            assertThat(e.code()).isEqualTo("rate_limit_exceeded");
            assertThat(e.getMessage()).isEqualTo("Rate limit reached: requests_per_minute for key team-a is 3 (used 3, "
                    + "requested 1). Try again in 20s.");
            // Three per minute, refilled continuously: one comes back every 20 seconds.
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(20));
            assertThat(e.worthRetrying()).isTrue();
        });
        LimitStanding standing = fourth.record().limitStanding(LimitStanding.Counts.REQUESTS).orElseThrow();
        assertThat(standing.limit()).isEqualTo(3);
        assertThat(standing.remaining()).isZero();
        assertThat(standing.reset()).isEqualTo(Duration.ofMinutes(1));
        fourth.record().complete(429, ErrorKind.RATE_LIMITED);

        clock.advance(Duration.ofSeconds(20));
        MediaCall fifth = speech(5);
        limiter.admit(fifth);
        assertThat(fifth.record().limitStanding(LimitStanding.Counts.REQUESTS).orElseThrow().remaining()).isZero();
    }

    @Test
    void aRequestRefusedByOneLimitConsumesNothingFromTheOthers() {
        Allowance keyRpm = per(LimitUnit.REQUESTS, 10, LimitWindow.MINUTE);
        Allowance modelRpm = per(LimitUnit.REQUESTS, 1, LimitWindow.MINUTE);
        RateLimiter limiter = limiter(limit(keyRpm), Map.of());
        MediaCall first = call(Usage.of(UsageUnit.CHARACTERS, 5), limit(modelRpm));
        limiter.admit(first);
        answered(first);
        assertThat(remaining("team-a", keyRpm)).isEqualTo(9);

        MediaCall second = call(Usage.of(UsageUnit.CHARACTERS, 5), limit(modelRpm));
        assertThatThrownBy(() -> limiter.admit(second)).isInstanceOf(LimitReached.class)
                .hasMessageContaining("requests_per_minute for model tts-1 is 1");
        second.record().complete(429, ErrorKind.RATE_LIMITED);
        assertThat(remaining("team-a", keyRpm)).isEqualTo(9);
        assertThat(limiter.callsHolding()).isZero();
    }

    @Test
    void charactersAreTakenForCallsThatGoUpstreamAndARefusalGivesBackTheRequestItTook() {
        Allowance rpm = per(LimitUnit.REQUESTS, 10, LimitWindow.MINUTE);
        Allowance cpm = per(LimitUnit.CHARACTERS, 100, LimitWindow.MINUTE);
        RateLimiter limiter = limiter(limit(rpm, cpm), Map.of());
        MediaCall first = speech(60);
        limiter.admit(first);
        limiter.meter(first);
        assertThat(first.record().limitStanding(LimitStanding.Counts.TOKENS).orElseThrow().remaining()).isEqualTo(40);
        answered(first);

        MediaCall second = speech(50);
        limiter.admit(second);
        assertThatThrownBy(() -> limiter.meter(second)).isInstanceOf(LimitReached.class)
                .hasMessage("Rate limit reached: characters_per_minute for key team-a is 100 (used 60, requested 50). "
                        + "Try again in 6s.");
        second.record().complete(429, ErrorKind.RATE_LIMITED);
        assertThat(remaining("team-a", cpm)).isEqualTo(40);
        assertThat(remaining("team-a", rpm)).isEqualTo(9);
    }

    @Test
    void aCallWithoutAnUpstreamAnswerGivesBackItsUnitsButItsRequestCounts() {
        Allowance rpm = per(LimitUnit.REQUESTS, 10, LimitWindow.MINUTE);
        Allowance cpm = per(LimitUnit.CHARACTERS, 100, LimitWindow.MINUTE);
        RateLimiter limiter = limiter(limit(rpm, cpm), Map.of());
        MediaCall call = speech(30);
        limiter.admit(call);
        limiter.meter(call);
        failedUpstream(call);
        assertThat(remaining("team-a", cpm)).isEqualTo(100);
        assertThat(remaining("team-a", rpm)).isEqualTo(9);
    }

    @Test
    void aCallRefusedAfterAdmissionWithoutReachingAnUpstreamGivesBackItsRequest() {
        Allowance rpm = per(LimitUnit.REQUESTS, 10, LimitWindow.MINUTE);
        RateLimiter limiter = limiter(limit(rpm), Map.of());
        MediaCall call = speech(30);
        limiter.admit(call);
        // A budget, say, refused it: no attempt, no cache hit.
        call.record().complete(429, ErrorKind.QUOTA_EXCEEDED);
        assertThat(remaining("team-a", rpm)).isEqualTo(10);
    }

    @Test
    void aCacheHitSpendsARequestButNoUnitsAndStillShowsWhereTheUnitsStand() {
        Allowance rpm = per(LimitUnit.REQUESTS, 10, LimitWindow.MINUTE);
        Allowance cpm = per(LimitUnit.CHARACTERS, 100, LimitWindow.MINUTE);
        RateLimiter limiter = limiter(limit(rpm, cpm), Map.of());
        MediaCall hit = speech(30);
        limiter.admit(hit);
        hit.record().servedFromCache("openai", "tts-1");
        limiter.showUnits(hit);
        assertThat(hit.record().limitStanding(LimitStanding.Counts.TOKENS).orElseThrow().remaining()).isEqualTo(100);
        hit.record().complete(200, null);
        assertThat(remaining("team-a", rpm)).isEqualTo(9);
        assertThat(remaining("team-a", cpm)).isEqualTo(100);
    }

    @Test
    void audioSecondsAreReservedAsMeasuredAndSettledAtWhatTheUpstreamReported() {
        Allowance aph = per(LimitUnit.AUDIO_SECONDS, 3600, LimitWindow.HOUR);
        RateLimiter limiter = limiter(limit(aph), Map.of());
        MediaCall call = call(Usage.of(UsageUnit.AUDIO_SECONDS, 10).asEstimate(), RateLimit.NONE);
        limiter.admit(call);
        limiter.meter(call);
        assertThat(call.record().limitStanding(LimitStanding.Counts.TOKENS).orElseThrow().remaining()).isEqualTo(3590);
        call.record().reportUsage(Usage.NONE.with(UsageUnit.AUDIO_SECONDS, new BigDecimal("4.2")));
        answered(call);
        // 4.2 seconds spent, counted to the millisecond.
        assertThat(remaining("team-a", aph)).isEqualTo(3_595_800);
    }

    @Test
    void maxConcurrentRefusesWhileItsPlacesAreHeldAndFreesOneTheMomentACallCompletes() {
        RateLimit limit = new RateLimit(List.of(), OptionalInt.of(2));
        RateLimiter limiter = limiter(limit, Map.of());
        MediaCall first = speech(5);
        MediaCall second = speech(5);
        limiter.admit(first);
        limiter.admit(second);
        MediaCall third = speech(5);
        assertThatThrownBy(() -> limiter.admit(third)).isInstanceOfSatisfying(LimitReached.class, e -> {
            assertThat(e.getMessage()).startsWith("Rate limit reached: max_concurrent for key team-a is 2");
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
        });
        third.record().complete(429, ErrorKind.RATE_LIMITED);
        // A client that left mid-stream completes its call too (499): its place is free at once.
        first.record().complete(499, null);
        MediaCall fourth = speech(5);
        limiter.admit(fourth);
        assertThat(limiter.callsHolding()).isEqualTo(2);
    }

    @Test
    void aProviderLimitRefusesATargetAndAFailedTargetGivesBackItsUnits() {
        Allowance providerRpm = per(LimitUnit.REQUESTS, 1, LimitWindow.MINUTE);
        Allowance providerCpm = per(LimitUnit.CHARACTERS, 1000, LimitWindow.MINUTE);
        RateLimiter limiter = limiter(RateLimit.NONE, Map.of("openai", limit(providerRpm, providerCpm)));
        MediaCall first = speech(100);
        TargetAdmission.Pass pass = limiter.enter(first, OPENAI);
        assertThat(remaining("provider:openai", providerCpm)).isEqualTo(900);
        pass.failed();
        assertThat(remaining("provider:openai", providerCpm)).isEqualTo(1000);
        failedUpstream(first);
        // The upstream saw the request: it stays counted.
        assertThat(remaining("provider:openai", providerRpm)).isZero();

        MediaCall second = speech(100);
        assertThatThrownBy(() -> limiter.enter(second, OPENAI)).isInstanceOf(LimitReached.class)
                .hasMessageContaining("requests_per_minute for provider openai is 1");
        // A key without limits of its own is shown none, whatever the provider's.
        assertThat(second.record().limitStanding(LimitStanding.Counts.REQUESTS)).isEmpty();
    }

    @Test
    void aRequestLargerThanAWholeWindowIsRefusedAsNotWorthRetrying() {
        RateLimiter limiter = limiter(limit(per(LimitUnit.CHARACTERS, 100, LimitWindow.MINUTE)), Map.of());
        MediaCall call = speech(150);
        limiter.admit(call);
        assertThatThrownBy(() -> limiter.meter(call)).isInstanceOfSatisfying(LimitReached.class, e -> {
            assertThat(e.worthRetrying()).isFalse();
            assertThat(e.getMessage()).isEqualTo("This request needs 150 characters, more than characters_per_minute "
                    + "for key team-a allows in a whole minute (100); it cannot be served under this limit.");
        });
    }

    @Test
    void whileTheStoreFailsRequestsPassWhenAllowedAndGet503WhenDenied() {
        LimitStore down = new FailingStore();
        RateLimit rpm = limit(per(LimitUnit.REQUESTS, 1, LimitWindow.MINUTE));
        RateLimiter allowing = limiter(down, rpm, Map.of(), LimitSettings.OnStoreError.ALLOW);
        allowing.admit(speech(5));
        allowing.admit(speech(5));
        assertThat(outages.allowed()).isEqualTo(2);

        RateLimiter denying = limiter(down, rpm, Map.of(), LimitSettings.OnStoreError.DENY);
        assertThatThrownBy(() -> denying.admit(speech(5))).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(e.httpStatus()).isEqualTo(503);
        });
        assertThat(outages.refused()).isEqualTo(1);
    }

    @Test
    void twoHundredConcurrentRequestsAgainstALimitOfFiftyAdmitExactlyFifty() throws Exception {
        RateLimiter limiter = limiter(limit(per(LimitUnit.REQUESTS, 50, LimitWindow.MINUTE)), Map.of());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 200; i++) {
                Callable<Boolean> attempt = () -> {
                    start.await();
                    try {
                        limiter.admit(speech(5));
                        return true;
                    } catch (LimitReached e) {
                        return false;
                    }
                };
                outcomes.add(threads.submit(attempt));
            }
            start.countDown();
            int admitted = 0;
            for (Future<Boolean> outcome : outcomes) {
                admitted += outcome.get() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(50);
        }
    }

    /** A store whose server is out of reach. */
    private static final class FailingStore implements LimitStore {
        private static LimitStoreException down() {
            return new LimitStoreException("connection refused", null);
        }

        @Override
        public BucketLevel tryTake(BucketSpec bucket, long amount) {
            throw down();
        }

        @Override
        public void takeAnyway(BucketSpec bucket, long amount) {
            throw down();
        }

        @Override
        public void giveBack(BucketSpec bucket, long amount) {
            throw down();
        }

        @Override
        public BucketLevel level(BucketSpec bucket) {
            throw down();
        }

        @Override
        public boolean tryEnter(GateSpec gate, String holder) {
            throw down();
        }

        @Override
        public void leave(GateSpec gate, String holder) {
            throw down();
        }

        @Override
        public String describe() {
            return "a store that is down";
        }

        @Override
        public void close() {}
    }
}
