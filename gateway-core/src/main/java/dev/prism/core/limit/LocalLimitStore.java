package dev.prism.core.limit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The embedded store: Bucket4j's lock-free buckets and sets of holders, in this process's memory.
 * Limits hold exactly for one Prism; several Prisms each count their own (use the Redis store to
 * share them).
 */
final class LocalLimitStore implements LimitStore {
    private final TimeMeter time;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<String>> gates = new ConcurrentHashMap<>();

    LocalLimitStore(Clock clock) {
        this.time = TokenBuckets.timeMeter(clock);
    }

    private Bucket bucket(BucketSpec spec) {
        return buckets.computeIfAbsent(spec.id(), id -> Bucket.builder()
                .withCustomTimePrecision(time)
                .addLimit(TokenBuckets.configuration(spec).getBandwidths()[0])
                .build());
    }

    @Override
    public BucketLevel tryTake(BucketSpec bucket, long amount) {
        return TokenBuckets.tryTake(bucket(bucket), amount);
    }

    @Override
    public void takeAnyway(BucketSpec bucket, long amount) {
        TokenBuckets.takeAnyway(bucket(bucket), amount);
    }

    @Override
    public void giveBack(BucketSpec bucket, long amount) {
        TokenBuckets.giveBack(bucket(bucket), amount);
    }

    @Override
    public BucketLevel level(BucketSpec bucket) {
        return TokenBuckets.level(bucket(bucket));
    }

    @Override
    public boolean tryEnter(GateSpec gate, String holder) {
        boolean[] entered = new boolean[1];
        gates.compute(gate.id(), (id, holders) -> {
            Set<String> now = holders == null ? ConcurrentHashMap.newKeySet() : holders;
            if (now.size() < gate.max()) {
                entered[0] = now.add(holder) || true;
            }
            return now;
        });
        return entered[0];
    }

    @Override
    public void leave(GateSpec gate, String holder) {
        gates.computeIfPresent(gate.id(), (id, holders) -> {
            holders.remove(holder);
            return holders.isEmpty() ? null : holders;
        });
    }

    @Override
    public String describe() {
        return "in memory";
    }

    @Override
    public void close() {
        buckets.clear();
        gates.clear();
    }
}
