package dev.prism.plugin.limits.redis;

import dev.prism.core.config.RedisSettings;
import dev.prism.core.limit.BucketLevel;
import dev.prism.core.limit.BucketSpec;
import dev.prism.core.limit.GateSpec;
import dev.prism.core.limit.LimitStore;
import dev.prism.core.limit.TokenBuckets;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Buckets and gates kept in Redis, shared by every Prism that points at it. Buckets are Bucket4j's
 * Lettuce proxies: each operation reads the bucket's state, computes the new one here (with the
 * arithmetic of {@link TokenBuckets}, the same as the embedded store's) and writes it back only if
 * nobody changed it meanwhile (compare-and-swap in a Lua script), retrying otherwise; so no update is
 * lost, however many Prisms take at once. The operations of one Prism on one bucket are batched. Redis expires a bucket once it would have refilled, so idle
 * limits cost no memory. Gates are {@link LeasedGates}. Keys start with {@value #KEY_PREFIX}.
 */
final class RedisLimitStore implements LimitStore {
    static final String KEY_PREFIX = "prism:limit:";
    static final Duration LEASE = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(RedisLimitStore.class.getName());
    /**
     * How long Redis keeps a bucket after it would be full again. A full bucket is as good as none
     * (it is made again, full, when next asked), so a short margin suffices.
     */
    private static final Duration KEEP_AFTER_FULL = Duration.ofSeconds(10);

    private final RedisSettings settings;
    private final LazyRedisConnection redis;
    private final ProxyManager<Object> buckets;
    /**
     * One proxy per bucket, kept for its batching: operations that arrive while one of the same bucket is
     * on its way to Redis go together in the next compare-and-swap, so the concurrent requests of one
     * Prism do not race each other's swaps (hundreds at once would retry for seconds); only Prisms race.
     * As many as there are limited keys, aliases and providers: each a few small objects.
     */
    private final ConcurrentMap<String, Bucket> proxies = new ConcurrentHashMap<>();
    private final LeasedGates gates;
    private final ScheduledExecutorService leaseRenewal;

    RedisLimitStore(RedisSettings settings, Clock clock) {
        this(settings, clock, LEASE, LEASE.dividedBy(3));
    }

    /** @param renewEvery how often the leases of places still held are renewed: well within a lease */
    RedisLimitStore(RedisSettings settings, Clock clock, Duration lease, Duration renewEvery) {
        this.settings = settings;
        this.redis = new LazyRedisConnection(settings);
        this.buckets = new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<>(redis.bucketApi())
                .clientClock(TokenBuckets.timeMeter(clock))
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_FULL))
                .build();
        this.gates = new LeasedGates(redis, clock, lease);
        this.leaseRenewal = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("prism-limit-leases").factory());
        leaseRenewal.scheduleWithFixedDelay(this::renewLeases, renewEvery.toMillis(), renewEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private Bucket bucket(BucketSpec spec) {
        return proxies.computeIfAbsent(spec.id(), id -> buckets.builder()
                .withOptimization(Optimizations.batching())
                .build(key(id), () -> TokenBuckets.configuration(spec)));
    }

    @Override
    public BucketLevel tryTake(BucketSpec bucket, long amount) {
        return redis(() -> TokenBuckets.tryTake(bucket(bucket), amount));
    }

    @Override
    public void takeAnyway(BucketSpec bucket, long amount) {
        redis(() -> {
            TokenBuckets.takeAnyway(bucket(bucket), amount);
            return null;
        });
    }

    @Override
    public void giveBack(BucketSpec bucket, long amount) {
        redis(() -> {
            TokenBuckets.giveBack(bucket(bucket), amount);
            return null;
        });
    }

    @Override
    public BucketLevel level(BucketSpec bucket) {
        return redis(() -> TokenBuckets.level(bucket(bucket)));
    }

    @Override
    public boolean tryEnter(GateSpec gate, String holder) {
        return redis(() -> gates.tryEnter(KEY_PREFIX + gate.id(), gate, holder));
    }

    @Override
    public void leave(GateSpec gate, String holder) {
        redis(() -> {
            gates.leave(KEY_PREFIX + gate.id(), holder);
            return null;
        });
    }

    /** Renews the leases of the places this instance holds; a failure waits for the next round. */
    void renewLeases() {
        try {
            redis(() -> {
                gates.renewLeases();
                return null;
            });
        } catch (RuntimeException e) {
            // The host's breaker reports outages; a place whose lease runs out meanwhile frees itself.
            LOG.log(System.Logger.Level.DEBUG, "Leases not renewed: {0}", e.getMessage());
        }
    }

    @Override
    public String describe() {
        return "Redis at " + settings.hostAndPort();
    }

    @Override
    public void close() {
        leaseRenewal.shutdownNow();
        redis.close();
    }

    private <T> T redis(Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw e; // a wrong call (Bucket4j checks amounts), not Redis failing
        } catch (RuntimeException e) {
            throw RedisFailures.toLimitStoreException(settings, e);
        }
    }

    /** A {@code byte[]}: the bucket's Redis key. */
    private static Object key(String id) {
        return (KEY_PREFIX + id).getBytes(StandardCharsets.UTF_8);
    }
}
