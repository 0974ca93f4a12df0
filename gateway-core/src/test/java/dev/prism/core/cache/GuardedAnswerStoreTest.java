package dev.prism.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.prism.core.config.BreakerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GuardedAnswerStoreTest {
    private static final StoreTarget TARGET = new StoreTarget("Redis at cache.internal:6379", "redis.url",
            text -> text.replace("s3cret", "****"));
    private static final BreakerSettings TWO_FAILURES_THEN_AN_HOUR = new BreakerSettings(2, Duration.ofMinutes(1),
            Duration.ofHours(1));

    private final FakeAnswerStore store = new FakeAnswerStore();
    private final List<LogRecord> logged = new ArrayList<>();
    private final Logger logger = Logger.getLogger(GuardedAnswerStore.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logged) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLogs() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        logger.removeHandler(capture);
        store.release();
    }

    private GuardedAnswerStore guard(Duration timeout, BreakerSettings breaker) {
        return new GuardedAnswerStore(store, TARGET, Optional.of(timeout), breaker, "cacheable requests bypass the cache");
    }

    private List<String> warnings() {
        synchronized (logged) {
            return logged.stream().filter(r -> r.getLevel() == Level.WARNING)
                    .map(r -> java.text.MessageFormat.format(r.getMessage(), r.getParameters())).toList();
        }
    }

    @Test
    void callsPassThroughToAHealthyStore() {
        GuardedAnswerStore guarded = guard(Duration.ofSeconds(5), TWO_FAILURES_THEN_AN_HOUR);
        guarded.put("k", new byte[] {1, 2}, Duration.ofMinutes(3));

        assertThat(guarded.get("k")).containsExactly(1, 2);
        assertThat(store.ttls).containsEntry("k", Duration.ofMinutes(3));
        guarded.remove("k");
        assertThat(guarded.get("k")).isNull();
    }

    @Test
    void withoutATimeoutCallsRunInTheCallersThreadBehindTheBreaker() {
        List<Thread> callers = new ArrayList<>();
        AnswerStore local = new AnswerStore() {
            @Override
            public byte[] get(String key) {
                callers.add(Thread.currentThread());
                throw new IllegalStateException("disk full");
            }

            @Override
            public void put(String key, byte[] entry, Duration ttl) {}

            @Override
            public void remove(String key) {}
        };
        GuardedAnswerStore guarded = new GuardedAnswerStore(local, TARGET, Optional.empty(), TWO_FAILURES_THEN_AN_HOUR,
                "cacheable requests bypass the cache");

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> guarded.get("k")).isInstanceOf(CacheUnavailableException.class);
        }

        assertThat(callers).containsExactly(Thread.currentThread(), Thread.currentThread());
    }

    @Test
    void aStoreThatHangsAndIgnoresInterruptsCostsACallOnlyTheTimeout() {
        GuardedAnswerStore guarded = guard(Duration.ofMillis(100), TWO_FAILURES_THEN_AN_HOUR);
        store.hanging();

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> guarded.get("k"))
                .isInstanceOf(CacheUnavailableException.class).hasMessage("no answer within 100ms"));
    }

    @Test
    void afterTheFailureThresholdTheStoreIsNotCalledUntilTheCooldownEnds() {
        GuardedAnswerStore guarded = guard(Duration.ofSeconds(5), TWO_FAILURES_THEN_AN_HOUR);
        store.failingWith(new IllegalStateException("connection refused"));

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> guarded.get("k")).isInstanceOf(CacheUnavailableException.class);
        }

        assertThat(store.calls).hasValue(2);
        assertThatThrownBy(() -> guarded.get("k")).isInstanceOfSatisfying(CacheUnavailableException.class, e -> {
            assertThat(e.getMessage()).contains("circuit breaker open").contains("connection refused");
            assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));
        });
    }

    @Test
    void theStoreIsUsedAgainOnceACallAfterTheCooldownSucceeds() {
        GuardedAnswerStore guarded = guard(Duration.ofSeconds(5), new BreakerSettings(1, Duration.ofMinutes(1),
                Duration.ofMillis(50)));
        store.failingWith(new IllegalStateException("connection refused"));
        assertThatThrownBy(() -> guarded.get("k")).isInstanceOf(CacheUnavailableException.class);
        store.recover();
        store.entries.put("k", new byte[] {7});

        // The breaker's clock is the JVM's own: wait for the cooldown, with a bound.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        byte[] found = null;
        while (found == null && System.nanoTime() < deadline) {
            try {
                found = guarded.get("k");
            } catch (CacheUnavailableException e) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }

        assertThat(found).containsExactly(7);
        assertThat(store.calls).hasValue(2);
    }

    @Test
    void anOutageIsLoggedOnceWhenItStartsAndOnceWhenTheBreakerOpensNotPerCall() {
        GuardedAnswerStore guarded = guard(Duration.ofSeconds(5), TWO_FAILURES_THEN_AN_HOUR);
        store.failingWith(new IllegalStateException("NOAUTH for redis://:s3cret@cache.internal:6379"));

        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> guarded.get("k")).isInstanceOf(CacheUnavailableException.class);
        }

        assertThat(warnings()).hasSize(2);
        assertThat(warnings().get(0)).startsWith("Redis at cache.internal:6379 failed: IllegalStateException: NOAUTH")
                .endsWith("cacheable requests bypass the cache while it fails");
        assertThat(warnings().get(1)).startsWith("Redis at cache.internal:6379 is unavailable").contains("every 3600s");
        assertThat(String.join("\n", warnings())).doesNotContain("s3cret");
    }

    @Test
    void aStartUnavailableStoreIsSkippedWithoutALogLineOfItsOwn() {
        GuardedAnswerStore guarded = guard(Duration.ofSeconds(5), TWO_FAILURES_THEN_AN_HOUR);

        guarded.startUnavailable("connection refused");

        assertThatThrownBy(() -> guarded.get("k")).isInstanceOf(CacheUnavailableException.class)
                .hasMessageContaining("connection refused");
        assertThat(store.calls).hasValue(0);
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aWarmUpReadReportsWhyItFailedWithoutCountingIt() {
        GuardedAnswerStore guarded = guard(Duration.ofSeconds(5), new BreakerSettings(1, Duration.ofMinutes(1),
                Duration.ofHours(1)));
        assertThat(guarded.warmUp(Duration.ofSeconds(5))).isEmpty();

        store.failingWith(new IllegalStateException("WRONGPASS"));
        assertThat(guarded.warmUp(Duration.ofSeconds(5))).hasValue("IllegalStateException: WRONGPASS");
        store.recover();

        assertThat(guarded.get("k")).isNull();
        assertThat(warnings()).isEmpty();
    }
}
