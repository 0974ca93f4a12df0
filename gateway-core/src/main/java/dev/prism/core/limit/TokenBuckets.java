package dev.prism.core.limit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.VerboseResult;
import java.time.Clock;
import java.time.Instant;

/**
 * The {@link LimitStore} operations on a Bucket4j bucket, local or a proxy of one kept in a shared
 * server: one implementation of the bucket arithmetic for every store.
 */
public final class TokenBuckets {
    private TokenBuckets() {}

    /** A bucket of {@code spec}'s capacity, refilled greedily (a token at a time) over its window. */
    public static BucketConfiguration configuration(BucketSpec spec) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(spec.capacity()).refillGreedy(spec.capacity(), spec.window())
                        .initialTokens(spec.capacity()).build())
                .build();
    }

    /** Time as {@code clock} tells it, so a test's fixed clock refills nothing while it runs. */
    public static TimeMeter timeMeter(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    public static BucketLevel tryTake(Bucket bucket, long amount) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(amount);
        return new BucketLevel(probe.isConsumed(), probe.getRemainingTokens(),
                probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill(), probe.getNanosToWaitForReset());
    }

    public static void takeAnyway(Bucket bucket, long amount) {
        bucket.consumeIgnoringRateLimits(amount);
    }

    public static void giveBack(Bucket bucket, long amount) {
        bucket.addTokens(amount);
    }

    public static BucketLevel level(Bucket bucket) {
        VerboseResult<Long> available = bucket.asVerbose().getAvailableTokens();
        return new BucketLevel(false, available.getValue(), 0, available.getDiagnostics().calculateFullRefillingTime());
    }
}
