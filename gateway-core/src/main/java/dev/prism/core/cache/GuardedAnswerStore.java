package dev.prism.core.cache;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.event.CircuitBreakerStateChangedEvent;
import dev.prism.core.config.BreakerSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds every call into a cache store, whatever the back end, by a circuit breaker and, for a
 * remote store, a timeout. A store that is down or stuck costs a request at most the timeout (the
 * call runs on a virtual thread of its own, so even a client library that ignores interrupts
 * cannot hold the request), and once the breaker opens, nothing: calls fail at once until the
 * cooldown lets one through. Every failure surfaces as {@link CacheUnavailableException}.
 *
 * <p>Without a timeout (an embedded store, with no network to wait for) calls run in the caller's
 * thread: handing a heap lookup to another thread would cost more than the lookup.
 *
 * <p>Logs an outage once, not per request: a WARN at its first failed call and when the breaker
 * opens, an INFO when the store answers again.
 */
final class GuardedAnswerStore implements AnswerStore {
    /** What the start-up check reads; never written. */
    static final String PROBE_KEY = "prism-start-up-probe";
    private static final System.Logger LOG = System.getLogger(GuardedAnswerStore.class.getName());

    private final AnswerStore store;
    private final StoreTarget target;
    private final Optional<Duration> timeout;
    private final Duration cooldown;
    private final CircuitBreaker<Object> breaker;
    private final ExecutorService calls = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("prism-cache-call-", 0).factory());
    /** Whether this outage was already reported; cleared when the store answers again. */
    private final AtomicBoolean outageReported = new AtomicBoolean();
    /** What requests get while the store is out of reach, for the log line. */
    private final String whileUnavailable;
    private volatile String lastFailure = "no failure";
    private volatile boolean openedByProbe;

    /**
     * @param timeout the longest a call may take, or empty to run calls in the caller's thread
     * @param whileUnavailable what requests get meanwhile: {@code cacheable requests bypass the cache}
     */
    GuardedAnswerStore(AnswerStore store, StoreTarget target, Optional<Duration> timeout, BreakerSettings breakerSettings,
            String whileUnavailable) {
        this.store = store;
        this.whileUnavailable = whileUnavailable;
        this.target = target;
        this.timeout = timeout;
        this.cooldown = breakerSettings.cooldown();
        this.breaker = CircuitBreaker.builder()
                .withFailureThreshold(breakerSettings.failureThreshold(), breakerSettings.window())
                .withDelay(breakerSettings.cooldown())
                .withSuccessThreshold(1)
                .onOpen(this::opened)
                .onClose(e -> {
                    openedByProbe = false;
                    if (outageReported.getAndSet(false)) {
                        LOG.log(System.Logger.Level.INFO, "{0} answers again; the response cache is back in use",
                                target.description());
                    }
                })
                .build();
    }

    StoreTarget target() {
        return target;
    }

    Optional<Duration> timeout() {
        return timeout;
    }

    @Override
    public byte[] get(String key) {
        return call(() -> store.get(key));
    }

    @Override
    public void put(String key, byte[] entry, Duration ttl) {
        call(() -> {
            store.put(key, entry, ttl);
            return null;
        });
    }

    @Override
    public void remove(String key) {
        call(() -> {
            store.remove(key);
            return null;
        });
    }

    /**
     * Reads the store once outside the breaker, allowing {@code bound}: for the start-up check, whose
     * first call also connects a cold client. Neither logs nor counts a failure.
     *
     * @return why the read failed, or empty when the store answered
     */
    Optional<String> warmUp(Duration bound) {
        Future<byte[]> pending = calls.submit(() -> store.get(PROBE_KEY));
        try {
            pending.get(bound.toNanos(), TimeUnit.NANOSECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            pending.cancel(true);
            return Optional.of("no answer within " + text(bound));
        } catch (ExecutionException e) {
            return Optional.of(describe(e.getCause()));
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /**
     * Whether the store answers now: one read of a key never written, through the breaker and the
     * timeout like a request's (a failure counts towards opening the breaker, and while it is open
     * nothing is tried until the cooldown lets a call through). For the readiness probe.
     */
    boolean answersNow() {
        try {
            get(PROBE_KEY);
            return true;
        } catch (CacheUnavailableException e) {
            return false;
        }
    }

    /**
     * Opens the breaker, so requests skip the store until a call after the cooldown succeeds. For
     * the start-up check, which reports the failure itself: nothing is logged here.
     */
    void startUnavailable(String reason) {
        lastFailure = reason;
        outageReported.set(true);
        openedByProbe = true;
        breaker.open();
    }

    private <T> T call(Callable<T> operation) {
        if (!breaker.tryAcquirePermit()) {
            throw new CacheUnavailableException("circuit breaker open (last failure: " + lastFailure + ")",
                    breaker.getRemainingDelay());
        }
        if (timeout.isEmpty()) {
            try {
                T result = operation.call();
                breaker.recordSuccess();
                return result;
            } catch (Exception e) {
                throw failed(describe(e));
            }
        }
        Future<T> pending = calls.submit(operation);
        try {
            T result = pending.get(timeout.get().toNanos(), TimeUnit.NANOSECONDS);
            breaker.recordSuccess();
            return result;
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw failed("no answer within " + text(timeout.get()));
        } catch (ExecutionException e) {
            throw failed(describe(e.getCause()));
        } catch (InterruptedException e) {
            // The request is being abandoned; that says nothing about the store.
            // Still recorded: a permit taken while half-open and never given back would keep the breaker
            // from ever closing again.
            pending.cancel(true);
            breaker.recordFailure();
            Thread.currentThread().interrupt();
            throw new CacheUnavailableException("interrupted", Duration.ZERO);
        }
    }

    private CacheUnavailableException failed(String reason) {
        lastFailure = reason;
        boolean firstOfOutage = outageReported.compareAndSet(false, true);
        if (firstOfOutage) {
            LOG.log(System.Logger.Level.WARNING, "{0} failed: {1}; {2} while it fails", target.description(), reason,
                    whileUnavailable);
        }
        breaker.recordFailure();
        return new CacheUnavailableException(reason, breaker.isOpen() ? breaker.getRemainingDelay() : Duration.ZERO);
    }

    private void opened(CircuitBreakerStateChangedEvent event) {
        // Opened from closed by failed calls; re-opening after a failed probe while half-open is the same outage.
        if (event.getPreviousState() == CircuitBreaker.State.CLOSED && !openedByProbe) {
            LOG.log(System.Logger.Level.WARNING, "{0} is unavailable (last failure: {1}); {2}, and it is tried again every {3}",
                    target.description(), lastFailure, whileUnavailable, text(cooldown));
        }
    }

    private static String text(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    /** The root cause's type and message, credentials masked. */
    private String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return target.redact().apply(root.getClass().getSimpleName() + message);
    }
}
