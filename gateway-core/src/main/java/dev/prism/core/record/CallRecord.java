package dev.prism.core.record;

import dev.prism.api.ErrorKind;
import dev.prism.api.Operation;
import dev.prism.api.Usage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The facts of one request as they become known, from the moment the route sees it to the moment
 * its answer has been written, aborted or refused: who asked, for what, what Prism measured, each
 * upstream attempt, what the cache did, what the upstream reported it used. One per request.
 *
 * <p>Policies and the dispatch write to it; the HTTP layer reads it to write the {@code x-prism-*}
 * headers; when the call is over, {@link #complete} hands an immutable {@link CompletedCall} to
 * the listeners, exactly once. Thread-safe: a provider reports usage from the thread that reads the
 * answer's body.
 */
public final class CallRecord {
    private final String callId;
    private final String requestId;
    private final Clock clock;
    private final Instant started;
    private final Consumer<CompletedCall> onComplete;
    private final List<AttemptListener> attemptListeners;
    private final AtomicBoolean completed = new AtomicBoolean();

    private String keyName;
    private Operation endpoint;
    private String alias;
    private MediaUnits units = MediaUnits.NONE;
    private final List<Attempt> attempts = new ArrayList<>();
    private CacheStatus cache = CacheStatus.NOT_CACHED;
    private String provider;
    private String upstreamModel;
    private Usage reported = Usage.NONE;
    private long bytesIn;
    private long bytesOut;
    private LimitStanding requestsStanding;
    private LimitStanding tokensStanding;
    private boolean keyLimited;
    private RefusingLimit refusingLimit;
    private final List<Consumer<CompletedCall>> completionHooks = new ArrayList<>(0);
    private CompletedCall finished;
    private volatile CallTrace trace = CallTrace.NONE;

    CallRecord(String requestId, Clock clock, Consumer<CompletedCall> onComplete, List<AttemptListener> attemptListeners) {
        this.requestId = Objects.requireNonNull(requestId, "requestId is null");
        this.clock = clock;
        this.started = clock.instant();
        this.callId = CallIds.next(started);
        this.onComplete = onComplete;
        this.attemptListeners = List.copyOf(attemptListeners);
    }

    /** A record nobody listens to: for tools, benchmarks and tests of a single policy. */
    public static CallRecord detached(String requestId, Clock clock) {
        return new CallRecord(requestId, clock, call -> { }, List.of());
    }

    /** Prism's own id of this call, unique even when clients reuse their {@code x-request-id}: the ledger's key. */
    public String callId() {
        return callId;
    }

    public String requestId() {
        return requestId;
    }

    public synchronized void key(String name) {
        this.keyName = name;
    }

    public synchronized void request(Operation operation, String modelAlias, long bodyBytes) {
        this.endpoint = operation;
        this.alias = modelAlias;
        this.bytesIn = bodyBytes;
    }

    public synchronized void endpoint(Operation operation) {
        this.endpoint = operation;
    }

    public synchronized void measured(MediaUnits measured) {
        this.units = Objects.requireNonNull(measured, "measured is null");
    }

    public synchronized MediaUnits units() {
        return units;
    }

    /** Follows the call's attempts from now on: set once, by whoever opened the record, before the call is dispatched. */
    public void trace(CallTrace followedBy) {
        this.trace = Objects.requireNonNull(followedBy, "followedBy is null");
    }

    /** What follows this call's attempts ({@link CallTrace#NONE} when nothing does). */
    public CallTrace trace() {
        return trace;
    }

    /** One upstream attempt ended: its answer went to the client, or it failed. */
    public void attempted(Attempt attempt) {
        synchronized (this) {
            attempts.add(attempt);
            if (attempt.succeeded()) {
                provider = attempt.provider();
                upstreamModel = attempt.upstreamModel();
            }
        }
        trace.attempted(attempt);
        for (AttemptListener listener : attemptListeners) {
            listener.attempted(this, attempt);
        }
    }

    /** An upstream's refusal goes to the client as its answer: that provider answered, though not with media. */
    public synchronized void refusedBy(String refusingProvider, String refusingModel) {
        this.provider = refusingProvider;
        this.upstreamModel = refusingModel;
    }

    public synchronized List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** The attempts made so far that reached an upstream or failed on the way. */
    public synchronized int attemptCount() {
        return attempts.size();
    }

    public synchronized void cache(CacheStatus status) {
        this.cache = status;
    }

    public synchronized CacheStatus cache() {
        return cache;
    }

    /** Answered from the cache: the provider and model are those that made the stored answer. */
    public synchronized void servedFromCache(String storedProvider, String storedModel) {
        this.cache = CacheStatus.HIT;
        this.provider = storedProvider;
        this.upstreamModel = storedModel;
    }

    /** The provider whose answer goes to the client, once one does. */
    public synchronized Optional<String> provider() {
        return Optional.ofNullable(provider);
    }

    public synchronized Optional<String> upstreamModel() {
        return Optional.ofNullable(upstreamModel);
    }

    /** What the upstream says the call used; a later report of a unit replaces an earlier one. */
    public synchronized void reportUsage(Usage usage) {
        reported = reported.overriddenBy(usage);
    }

    /** The usage known now: what the upstream reported, over what Prism measured before the call. */
    public synchronized Usage usage() {
        return units.usage().overriddenBy(reported);
    }

    public synchronized void addBytesOut(long n) {
        bytesOut += n;
    }

    /**
     * Where a rate limit stands after this call took from it. Of several limits, the one with the
     * least remaining is kept, per family (requests, tokens): what OpenAI's headers report.
     */
    public synchronized void limitStanding(LimitStanding standing) {
        keyLimited |= standing.keys();
        if (standing.counts() == LimitStanding.Counts.REQUESTS) {
            requestsStanding = lower(requestsStanding, standing);
        } else {
            tokensStanding = lower(tokensStanding, standing);
        }
    }

    /** One of Prism's own rate limits refused the call. */
    public synchronized void refusedBy(RefusingLimit limit) {
        this.refusingLimit = Objects.requireNonNull(limit, "limit is null");
    }

    private static LimitStanding lower(LimitStanding kept, LimitStanding other) {
        return kept == null || other.remaining() < kept.remaining() ? other : kept;
    }

    /**
     * The standing of the limit with the least remaining in {@code counts}' family, when the key has
     * limits of its own (a key without any is shown none, whatever its model's or provider's).
     */
    public synchronized java.util.Optional<LimitStanding> limitStanding(LimitStanding.Counts counts) {
        if (!keyLimited) {
            return Optional.empty();
        }
        return Optional.ofNullable(counts == LimitStanding.Counts.REQUESTS ? requestsStanding : tokensStanding);
    }

    /**
     * Runs {@code hook} on the thread that completes the call, as it completes and before the
     * listeners hear of it; at once if the call is already complete. For what must be undone the
     * moment an answer ends, such as a concurrency slot held by a stream. Must be quick and must not
     * throw.
     */
    public void whenComplete(Consumer<CompletedCall> hook) {
        CompletedCall already;
        synchronized (this) {
            if (finished == null) {
                completionHooks.add(hook);
                return;
            }
            already = finished;
        }
        hook.accept(already);
    }

    public boolean isComplete() {
        return completed.get();
    }

    /**
     * The facts known now, as if the call ended with {@code status}: what the headers written now
     * show (its cost so far, say). Later reports of usage are not in it; listeners are not told.
     */
    public synchronized CompletedCall snapshot(int status) {
        return new CompletedCall(CallIds.next(started), requestId, Optional.ofNullable(keyName), Optional.ofNullable(endpoint),
                Optional.ofNullable(alias), units, attempts, cache, Optional.ofNullable(provider),
                Optional.ofNullable(upstreamModel), units.usage().overriddenBy(reported), status,
                Optional.empty(), bytesIn, bytesOut, started, clock.instant(), Optional.ofNullable(refusingLimit));
    }

    /**
     * The call is over: its answer was written to its end (or aborted, or refused). The first call
     * wins; the listeners hear of it once.
     *
     * @param status the HTTP status the client got ({@link CompletedCall#CLIENT_CLOSED} if it left)
     * @param error what went wrong, or null
     */
    public void complete(int status, ErrorKind error) {
        CompletedCall call;
        List<Consumer<CompletedCall>> hooks;
        synchronized (this) {
            if (!completed.compareAndSet(false, true)) {
                return;
            }
            hooks = completionHooks.isEmpty() ? List.of() : List.copyOf(completionHooks);
            call = new CompletedCall(callId, requestId, Optional.ofNullable(keyName), Optional.ofNullable(endpoint),
                    Optional.ofNullable(alias), units, attempts, cache, Optional.ofNullable(provider),
                    Optional.ofNullable(upstreamModel), units.usage().overriddenBy(reported), status,
                    Optional.ofNullable(error), bytesIn, bytesOut, started, clock.instant(),
                    Optional.ofNullable(refusingLimit));
            finished = call;
        }
        for (Consumer<CompletedCall> hook : hooks) {
            try {
                hook.accept(call);
            } catch (RuntimeException e) {
                System.getLogger(CallRecord.class.getName()).log(System.Logger.Level.WARNING,
                        "A completion hook failed on request " + requestId, e);
            }
        }
        onComplete.accept(call);
    }
}
