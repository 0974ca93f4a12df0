package dev.prism.plugin.limits.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.prism.core.config.RedisSettings;
import dev.prism.core.limit.BucketLevel;
import dev.prism.core.limit.BucketSpec;
import dev.prism.core.limit.GateSpec;
import dev.prism.core.limit.LimitBackend;
import dev.prism.core.limit.LimitSettings;
import dev.prism.core.limit.LimitStore;
import dev.prism.core.limit.LimitStoreException;
import dev.prism.testkit.MutableClock;
import dev.prism.testkit.TestServices;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two Prisms, each with its own Redis connection, count in one Redis: takes are exact under
 * concurrency, gates never hold more than their maximum, and a crashed Prism's places free themselves.
 * Every bucket and gate has an id of its own (a random prefix), so runs never meet each other's keys.
 */
class RedisLimitStoreIT {
    private static final Duration HOURS = Duration.ofHours(1);

    private final MutableClock clock = MutableClock.startingAt("2026-11-23T10:00:00Z");
    private final String prefix = "it-" + UUID.randomUUID() + ":";
    private final List<LimitStore> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(LimitStore::close);
    }

    private RedisSettings redis() {
        return RedisSettings.DEFAULT.withUrl(TestServices.redisUrl(), "rate_limit.redis_url");
    }

    /** A Prism's store; its leases are renewed only when the test says so. */
    private RedisLimitStore store() {
        RedisLimitStore store = new RedisLimitStore(redis(), clock, RedisLimitStore.LEASE, HOURS);
        opened.add(store);
        return store;
    }

    private BucketSpec bucket(long capacity) {
        return new BucketSpec(prefix + "requests", capacity, Duration.ofMinutes(1));
    }

    private static <T> List<T> concurrently(int times, Callable<T> task) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                futures.add(threads.submit(task));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }

    @Test
    void isFoundByNameThroughServiceLoader() {
        assertThat(ServiceLoader.load(LimitBackend.class).stream().map(p -> p.get().name())).contains("redis");
    }

    @Test
    void ofTwoHundredConcurrentTakesFromABucketOfFiftyExactlyFiftySucceed() throws Exception {
        RedisLimitStore store = store();
        BucketSpec bucket = bucket(50);

        List<BucketLevel> levels = concurrently(200, () -> store.tryTake(bucket, 1));

        assertThat(levels.stream().filter(BucketLevel::taken)).hasSize(50);
        assertThat(levels.stream().filter(l -> !l.taken()).allMatch(l -> l.nanosToWait() > 0)).isTrue();
        assertThat(store.level(bucket).remaining()).isZero();
    }

    @Test
    void twoStoresOnOneRedisShareOneBucket() throws Exception {
        RedisLimitStore first = store();
        RedisLimitStore second = store();
        BucketSpec bucket = bucket(50);

        AtomicInteger calls = new AtomicInteger();
        List<Boolean> taken = concurrently(100, () -> {
            RedisLimitStore either = calls.incrementAndGet() % 2 == 0 ? first : second;
            return either.tryTake(bucket, 1).taken();
        });

        assertThat(taken.stream().filter(t -> t)).hasSize(50);
        assertThat(first.level(bucket).remaining()).isZero();
        assertThat(second.level(bucket).remaining()).isZero();
    }

    @Test
    void takesGiveBacksAndDebtsAreSeenByEveryStore() {
        RedisLimitStore first = store();
        RedisLimitStore second = store();
        BucketSpec bucket = bucket(10);

        assertThat(first.tryTake(bucket, 4)).isEqualTo(new BucketLevel(true, 6, 0, second.level(bucket).nanosToFull()));
        second.giveBack(bucket, 2);
        assertThat(first.level(bucket).remaining()).isEqualTo(8);
        first.giveBack(bucket, 100);
        assertThat(second.level(bucket).remaining()).as("never beyond capacity").isEqualTo(10);

        second.takeAnyway(bucket, 15);
        BucketLevel inDebt = first.level(bucket);
        assertThat(inDebt.remaining()).isEqualTo(-5);
        assertThat(inDebt.nanosToFull()).isEqualTo(Duration.ofMinutes(1).multipliedBy(15).dividedBy(10).toNanos());
        assertThat(first.tryTake(bucket, 1).taken()).isFalse();
    }

    @Test
    void aBucketRefillsAsTheClockMoves() {
        RedisLimitStore store = store();
        BucketSpec bucket = bucket(10);
        assertThat(store.tryTake(bucket, 10).taken()).isTrue();

        BucketLevel refused = store.tryTake(bucket, 1);
        assertThat(refused.taken()).isFalse();
        assertThat(refused.nanosToWait()).isEqualTo(Duration.ofSeconds(6).toNanos());

        clock.advance(Duration.ofSeconds(6));
        assertThat(store.tryTake(bucket, 1).taken()).isTrue();
        assertThat(store.tryTake(bucket, 11).nanosToWait()).as("more than it can ever hold").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void redisExpiresABucketOnceItWouldBeFullAgain() {
        RedisLimitStore store = store();
        BucketSpec bucket = bucket(10);
        store.tryTake(bucket, 5); // full again in 30 s

        RedisClient client = RedisClient.create(TestServices.redisUrl());
        try (StatefulRedisConnection<String, String> inspector = client.connect()) {
            long remainingMillis = inspector.sync().pttl(RedisLimitStore.KEY_PREFIX + bucket.id());
            assertThat(remainingMillis).isBetween(Duration.ofSeconds(30).toMillis(), Duration.ofSeconds(40).toMillis());
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aGateAdmitsExactlyItsMaximumAcrossTwoStores() throws Exception {
        RedisLimitStore first = store();
        RedisLimitStore second = store();
        GateSpec gate = new GateSpec(prefix + "max_concurrent", 5);

        AtomicInteger calls = new AtomicInteger();
        List<Boolean> entered = concurrently(60, () -> {
            int call = calls.incrementAndGet();
            return (call % 2 == 0 ? first : second).tryEnter(gate, "call-" + call);
        });

        assertThat(entered.stream().filter(e -> e)).hasSize(5);
    }

    @Test
    void leavingFreesAPlaceForAnyStore() {
        RedisLimitStore first = store();
        RedisLimitStore second = store();
        GateSpec gate = new GateSpec(prefix + "max_concurrent", 1);

        assertThat(first.tryEnter(gate, "call-1")).isTrue();
        assertThat(second.tryEnter(gate, "call-2")).isFalse();
        first.leave(gate, "call-1");
        assertThat(second.tryEnter(gate, "call-2")).isTrue();
    }

    @Test
    void sameCallIdsOnTwoPrismsAreDifferentHolders() {
        RedisLimitStore first = store();
        RedisLimitStore second = store();
        GateSpec gate = new GateSpec(prefix + "max_concurrent", 2);

        assertThat(first.tryEnter(gate, "call-1")).isTrue();
        assertThat(second.tryEnter(gate, "call-1")).isTrue();
        assertThat(first.tryEnter(gate, "call-2")).isFalse();
        second.leave(gate, "call-1");
        assertThat(first.tryEnter(gate, "call-2")).isTrue();
    }

    @Test
    void aCrashedStoresPlacesFreeThemselvesAfterALease() {
        RedisLimitStore crashing = store();
        RedisLimitStore surviving = store();
        GateSpec gate = new GateSpec(prefix + "max_concurrent", 1);
        assertThat(crashing.tryEnter(gate, "call-1")).isTrue();
        crashing.close(); // gone without leaving: nothing renews its lease

        clock.advance(RedisLimitStore.LEASE.minusSeconds(1));
        assertThat(surviving.tryEnter(gate, "call-2")).isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(surviving.tryEnter(gate, "call-2")).isTrue();
    }

    @Test
    void aPlaceHeldLongerThanALeaseIsKeptWhileItsStoreRenewsIt() {
        RedisLimitStore streaming = store();
        RedisLimitStore other = store();
        GateSpec gate = new GateSpec(prefix + "max_concurrent", 1);
        assertThat(streaming.tryEnter(gate, "long-stream")).isTrue();

        for (int i = 0; i < 4; i++) {
            clock.advance(RedisLimitStore.LEASE.dividedBy(3));
            streaming.renewLeases();
        }

        assertThat(other.tryEnter(gate, "call-2")).as("40 s after entering, its lease renewed").isFalse();
        streaming.leave(gate, "long-stream");
        streaming.renewLeases();
        assertThat(other.tryEnter(gate, "call-2")).as("a place left is not renewed back").isTrue();
    }

    @Test
    void openingDoesNotWaitForARedisThatIsDownAndCallsFailAsStoreErrors() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        RedisSettings nowhere = RedisSettings.DEFAULT.withUrl("redis://user:s3cret-pass@127.0.0.1:" + port, "redis.url");
        LimitSettings settings = new LimitSettings("redis", nowhere, LimitSettings.OnStoreError.DENY);

        LimitStore store = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> new RedisLimitBackend().open(settings, clock));
        opened.add(store);

        assertThat(store.describe()).isEqualTo("Redis at 127.0.0.1:" + port);
        assertThatThrownBy(() -> store.tryTake(bucket(1), 1)).isInstanceOf(LimitStoreException.class)
                .hasMessageStartingWith("Redis at 127.0.0.1:" + port).hasMessageNotContaining("s3cret").hasNoCause();
        assertThatThrownBy(() -> store.tryEnter(new GateSpec(prefix + "gate", 1), "h"))
                .isInstanceOf(LimitStoreException.class).hasMessageNotContaining("s3cret");
    }
}
