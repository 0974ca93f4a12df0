package dev.prism.core.limit;

import dev.failsafe.CircuitBreaker;
import dev.prism.core.config.BreakerSettings;
import dev.prism.core.config.Durations;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Puts a remote limit store behind a circuit breaker: while it fails, requests do not each wait out
 * the client's timeout (the store's client library bounds every call by {@code redis.timeout}); once
 * the breaker opens, calls fail at once until the cooldown lets one through. Every failure surfaces
 * as {@link LimitStoreException}. An outage is logged once: a WARN at its first failure, an INFO
 * when the store answers again.
 */
final class GuardedLimitStore implements LimitStore {
    private static final System.Logger LOG = System.getLogger(GuardedLimitStore.class.getName());

    private final LimitStore store;
    private final String whileUnavailable;
    private final CircuitBreaker<Object> breaker;
    private final java.time.Duration cooldown;
    private final AtomicBoolean outageReported = new AtomicBoolean();
    private volatile String lastFailure = "no failure";

    /** @param whileUnavailable what requests get meanwhile, for the log line */
    GuardedLimitStore(LimitStore store, BreakerSettings settings, String whileUnavailable) {
        this.store = store;
        this.whileUnavailable = whileUnavailable;
        this.cooldown = settings.cooldown();
        this.breaker = CircuitBreaker.builder()
                .withFailureThreshold(settings.failureThreshold(), settings.window())
                .withDelay(settings.cooldown())
                .withSuccessThreshold(1)
                .onClose(e -> {
                    if (outageReported.getAndSet(false)) {
                        LOG.log(System.Logger.Level.INFO, "The rate limit store ({0}) answers again; limits are "
                                + "enforced again", store.describe());
                    }
                })
                .build();
    }

    @Override
    public BucketLevel tryTake(BucketSpec bucket, long amount) {
        return call(() -> store.tryTake(bucket, amount));
    }

    @Override
    public void takeAnyway(BucketSpec bucket, long amount) {
        call(() -> {
            store.takeAnyway(bucket, amount);
            return null;
        });
    }

    @Override
    public void giveBack(BucketSpec bucket, long amount) {
        call(() -> {
            store.giveBack(bucket, amount);
            return null;
        });
    }

    @Override
    public BucketLevel level(BucketSpec bucket) {
        return call(() -> store.level(bucket));
    }

    @Override
    public boolean tryEnter(GateSpec gate, String holder) {
        return call(() -> store.tryEnter(gate, holder));
    }

    @Override
    public void leave(GateSpec gate, String holder) {
        call(() -> {
            store.leave(gate, holder);
            return null;
        });
    }

    @Override
    public String describe() {
        return store.describe();
    }

    /** A place nobody holds: leaving it is the cheapest call that reaches the store. */
    private static final GateSpec PROBE = new GateSpec("prism-readiness-probe", 1);

    /**
     * Whether the store answers a call now, through the breaker: while it is open, false at once
     * without I/O; after its cooldown the call is the probe that may close it.
     */
    boolean answersNow() {
        try {
            leave(PROBE, "probe");
            return true;
        } catch (LimitStoreException e) {
            return false;
        }
    }

    /** Opens the breaker at start, the store being out of reach then; the start-up check has said so. */
    void startUnavailable(String reason) {
        lastFailure = reason;
        outageReported.set(true);
        breaker.open();
    }

    /** The store itself, unguarded: for the start-up check's first call, which may take a cold client longer. */
    LimitStore unguarded() {
        return store;
    }

    private <T> T call(Supplier<T> operation) {
        if (!breaker.tryAcquirePermit()) {
            throw new LimitStoreException("circuit breaker open (last failure: " + lastFailure + ")", null);
        }
        try {
            T result = operation.get();
            breaker.recordSuccess();
            return result;
        } catch (RuntimeException e) {
            lastFailure = describe(e);
            if (outageReported.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "The rate limit store ({0}) failed: {1}; {2} while it fails, and it "
                        + "is tried again every {3} once failures repeat", store.describe(), lastFailure, whileUnavailable,
                        Durations.format(breakerCooldown()));
            }
            breaker.recordFailure();
            throw e instanceof LimitStoreException l ? l : new LimitStoreException(lastFailure, e);
        }
    }

    private java.time.Duration breakerCooldown() {
        return cooldown;
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    @Override
    public void close() {
        store.close();
    }
}
