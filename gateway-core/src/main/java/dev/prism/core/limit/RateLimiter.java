package dev.prism.core.limit;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.api.Usage;
import dev.prism.core.config.Allowance;
import dev.prism.core.config.Durations;
import dev.prism.core.config.LimitUnit;
import dev.prism.core.config.RateLimit;
import dev.prism.core.failover.TargetAdmission;
import dev.prism.core.pipeline.MediaCall;
import dev.prism.core.record.Attempt;
import dev.prism.core.record.CacheStatus;
import dev.prism.core.record.CallRecord;
import dev.prism.core.record.CompletedCall;
import dev.prism.core.record.LimitStanding;
import dev.prism.core.record.RefusingLimit;
import dev.prism.core.routing.ProviderTarget;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Keeps calls within the rate limits of their key, their model alias and the providers they go to,
 * counted in requests and in the media units a request spends upstream (characters, audio seconds,
 * images), with a cap on calls in flight. Everything is reserved before it is spent and settled
 * when the call is over:
 *
 * <ul>
 *   <li>{@link #admit}: a request from the key's and the alias's request limits, a place at their
 *       gates. A cache hit spends these (it is load on Prism) and nothing more.
 *   <li>{@link #meter}: for a call that goes upstream, the units it asks for (measured before the
 *       call) from the key's and the alias's unit limits.
 *   <li>{@link #enter}: before each target, a request and the units from its provider's limits.
 *   <li>When the call completes (its last byte written, or its client gone): a call that never
 *       reached an upstream nor the cache gives its requests back; a call that got no upstream
 *       answer gives its units back; an answered call settles its units at what the upstream
 *       reported using; every gate is left at once.
 * </ul>
 *
 * A refused request consumes nothing: what it took before the refusing limit is given back.
 */
public final class RateLimiter implements TargetAdmission {
    private final LimitStore store;
    private final Function<String, RateLimit> keyLimits;
    private final Map<String, RateLimit> providerLimits;
    private final LimitSettings.OnStoreError onStoreError;
    private final LimitOutages outages;
    private final Map<String, CallLimits> calls = new ConcurrentHashMap<>();

    /**
     * @param keyLimits a key's limits by its name ({@link RateLimit#NONE} when it has none)
     * @param providerLimits the providers' limits by provider name
     */
    public RateLimiter(LimitStore store, Function<String, RateLimit> keyLimits, Map<String, RateLimit> providerLimits,
            LimitSettings.OnStoreError onStoreError, LimitOutages outages) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.keyLimits = Objects.requireNonNull(keyLimits, "keyLimits is null");
        this.providerLimits = Map.copyOf(providerLimits);
        this.onStoreError = Objects.requireNonNull(onStoreError, "onStoreError is null");
        this.outages = Objects.requireNonNull(outages, "outages is null");
    }

    /**
     * Takes one request from the key's and the alias's request limits and a place at their gates.
     *
     * @return whether any limit of the key or the alias applies (false: nothing was asked)
     * @throws LimitReached when one refuses (having taken nothing)
     */
    public boolean admit(MediaCall call) {
        RateLimit key = keyLimits.apply(call.key().name());
        RateLimit model = call.route().rateLimit();
        if (key.isNone() && model.isNone()) {
            return false;
        }
        CallLimits held = held(call);
        LimitOwner keyOwner = new LimitOwner(LimitOwner.Kind.KEY, call.key().name());
        LimitOwner modelOwner = new LimitOwner(LimitOwner.Kind.MODEL, call.route().alias());
        List<Draw> draws = new ArrayList<>(2);
        requests(keyOwner, key, draws);
        requests(modelOwner, model, draws);
        held.addRequests(take(call.record(), draws));
        try {
            List<Place> places = new ArrayList<>(2);
            try {
                enterGate(call.record(), call.record().callId(), keyOwner, key, places);
                enterGate(call.record(), call.record().callId(), modelOwner, model, places);
            } finally {
                held.addPlaces(places);
            }
        } catch (GatewayException e) {
            held.undo(this);
            throw e;
        }
        return true;
    }

    /**
     * Takes the units the call asks for from the key's and the alias's unit limits: for a call that
     * goes upstream.
     *
     * @throws LimitReached when one refuses; the call then gives back all it took
     */
    public void meter(MediaCall call) {
        List<Draw> draws = unitDraws(call);
        if (draws.isEmpty()) {
            return;
        }
        CallLimits held = held(call);
        try {
            held.addUnits(take(call.record(), draws));
        } catch (GatewayException e) {
            held.undo(this);
            throw e;
        }
    }

    /**
     * For a cache hit, which spends no units: where the key's and alias's unit limits stand, for
     * the headers.
     */
    void showUnits(MediaCall call) {
        for (Draw draw : unitDraws(call)) {
            BucketLevel level = quietly(() -> store.level(draw.bucket()));
            if (level != null) {
                call.record().limitStanding(draw.standing(level));
            }
        }
    }

    /** What the call's measured units would take from the key's and the alias's unit limits. */
    private List<Draw> unitDraws(MediaCall call) {
        RateLimit key = keyLimits.apply(call.key().name());
        RateLimit model = call.route().rateLimit();
        if (!key.countsMedia() && !model.countsMedia()) {
            return List.of();
        }
        Usage usage = call.record().units().usage();
        List<Draw> draws = new ArrayList<>(2);
        units(new LimitOwner(LimitOwner.Kind.KEY, call.key().name()), key, usage, draws);
        units(new LimitOwner(LimitOwner.Kind.MODEL, call.route().alias()), model, usage, draws);
        return draws;
    }

    @Override
    public Pass enter(MediaCall call, ProviderTarget target) {
        RateLimit provider = providerLimits.getOrDefault(target.provider(), RateLimit.NONE);
        if (provider.isNone()) {
            return Pass.FREE;
        }
        CallLimits held = held(call);
        LimitOwner owner = new LimitOwner(LimitOwner.Kind.PROVIDER, target.provider());
        List<Draw> draws = new ArrayList<>(2);
        requests(owner, provider, draws);
        units(owner, provider, call.record().units().usage(), draws);
        TargetPass pass = new TargetPass(owner);
        pass.taken.addAll(take(call.record(), draws));
        try {
            enterGate(call.record(), call.record().callId() + "@" + target.id(), owner, provider, pass.gates);
        } catch (GatewayException e) {
            giveBack(pass.taken);
            throw e;
        }
        held.addTarget(pass);
        return pass;
    }

    /** Calls holding something, not yet complete; for tests. */
    int callsHolding() {
        return calls.size();
    }

    private CallLimits held(MediaCall call) {
        CallRecord record = call.record();
        return calls.computeIfAbsent(record.callId(), id -> {
            CallLimits limits = new CallLimits();
            record.whenComplete(completed -> settle(limits, completed));
            return limits;
        });
    }

    private void settle(CallLimits held, CompletedCall call) {
        calls.remove(call.callId());
        boolean reachedUpstream = !call.attempts().isEmpty();
        boolean answered = call.attempts().stream().anyMatch(Attempt::succeeded);
        synchronized (held) {
            if (!reachedUpstream && call.cache() != CacheStatus.HIT) {
                giveBack(held.requests);
            }
            if (answered) {
                settleUnits(held.units, call.usage());
            } else {
                giveBack(held.units);
            }
            for (TargetPass pass : held.targets) {
                if (answered) {
                    settleUnits(pass.units(), call.usage());
                } else {
                    giveBack(pass.units());
                }
                leave(pass.gates);
            }
            leave(held.gates);
            held.clear();
        }
    }

    /** Replaces each reservation by what the upstream reported using, where it did. */
    private void settleUnits(List<Draw> reserved, Usage used) {
        for (Draw draw : reserved) {
            long actual = draw.allowance().unit().usage().flatMap(used::amount).map(draw.allowance().unit()::tokens)
                    .orElse(draw.amount());
            long difference = draw.amount() - actual;
            if (difference > 0) {
                quietly(() -> {
                    store.giveBack(draw.bucket(), difference);
                    return null;
                });
            } else if (difference < 0) {
                quietly(() -> {
                    store.takeAnyway(draw.bucket(), -difference);
                    return null;
                });
            }
        }
    }

    private void requests(LimitOwner owner, RateLimit limit, List<Draw> draws) {
        for (Allowance allowance : limit.allowances()) {
            if (allowance.unit() == LimitUnit.REQUESTS) {
                draws.add(new Draw(owner, allowance, BucketSpec.of(owner, allowance), 1));
            }
        }
    }

    private void units(LimitOwner owner, RateLimit limit, Usage usage, List<Draw> draws) {
        for (Allowance allowance : limit.allowances()) {
            LimitUnit unit = allowance.unit();
            if (unit == LimitUnit.REQUESTS) {
                continue;
            }
            BigDecimal amount = unit.usage().flatMap(usage::amount).orElse(BigDecimal.ZERO);
            long tokens = unit.tokens(amount);
            if (tokens > 0) {
                draws.add(new Draw(owner, allowance, BucketSpec.of(owner, allowance), tokens));
            }
        }
    }

    /** Takes every draw or none; notes where each limit stands on the record. */
    private List<Draw> take(CallRecord record, List<Draw> draws) {
        List<Draw> taken = new ArrayList<>(draws.size());
        for (Draw draw : draws) {
            BucketLevel level;
            try {
                level = ask(() -> store.tryTake(draw.bucket(), draw.amount()));
            } catch (GatewayException e) {
                giveBack(taken);
                throw e;
            }
            if (level == null) {
                continue;
            }
            record.limitStanding(draw.standing(level));
            if (!level.taken()) {
                giveBack(taken);
                record.refusedBy(new RefusingLimit(draw.owner().kind().word(), draw.allowance().configName()));
                throw refusal(draw, level);
            }
            taken.add(draw);
        }
        return taken;
    }

    private void enterGate(CallRecord record, String holder, LimitOwner owner, RateLimit limit, List<Place> places) {
        if (limit.maxConcurrent().isEmpty()) {
            return;
        }
        GateSpec gate = GateSpec.of(owner, limit.maxConcurrent().getAsInt());
        Boolean entered = ask(() -> store.tryEnter(gate, holder));
        if (entered == null) {
            return;
        }
        if (!entered) {
            record.refusedBy(new RefusingLimit(owner.kind().word(), "max_concurrent"));
            throw new LimitReached("Rate limit reached: max_concurrent for " + owner.describe() + " is " + gate.max()
                    + " (" + gate.max() + " requests in flight). Try again when one of them has ended.",
                    Duration.ofSeconds(1), true);
        }
        places.add(new Place(gate, holder));
    }

    private void giveBack(List<Draw> draws) {
        for (Draw draw : draws) {
            quietly(() -> {
                store.giveBack(draw.bucket(), draw.amount());
                return null;
            });
        }
        draws.clear();
    }

    private void leave(List<Place> places) {
        for (Place place : places) {
            quietly(() -> {
                store.leave(place.gate(), place.holder());
                return null;
            });
        }
        places.clear();
    }

    /**
     * Asks the store; when it cannot answer, lets the check pass ({@code on_store_error: allow},
     * returning null) or refuses the request with 503 ({@code deny}).
     */
    private <T> T ask(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (LimitStoreException e) {
            if (onStoreError == LimitSettings.OnStoreError.ALLOW) {
                outages.recordAllowed();
                return null;
            }
            outages.recordRefused();
            throw new GatewayException(ErrorKind.UNAVAILABLE, "The rate limits of this request cannot be checked right "
                    + "now (their store is out of reach); try again shortly.", null, null);
        }
    }

    /** Gives back or settles; a store out of reach loses the correction (the guarded store has logged the outage). */
    private <T> T quietly(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (LimitStoreException e) {
            return null;
        }
    }

    private static LimitReached refusal(Draw draw, BucketLevel level) {
        Allowance allowance = draw.allowance();
        LimitUnit unit = allowance.unit();
        String which = allowance.configName() + " for " + draw.owner().describe();
        long requested = unit.units(draw.amount());
        if (draw.amount() > allowance.capacity() || level.nanosToWait() == Long.MAX_VALUE) {
            return new LimitReached("This request needs " + requested + " " + unit.configName().replace('_', ' ')
                    + ", more than " + which + " allows in a whole " + allowance.window().configName() + " ("
                    + allowance.amount() + "); it cannot be served under this limit.", allowance.window().length(), false);
        }
        long used = allowance.amount() - unit.units(Math.max(0, level.remaining()));
        Duration wait = Duration.ofMillis(Math.max(1, Math.ceilDiv(level.nanosToWait(), 1_000_000L)));
        return new LimitReached("Rate limit reached: " + which + " is " + allowance.amount() + " (used " + used
                + ", requested " + requested + "). Try again in " + Durations.format(wait) + ".", wait, true);
    }

    /** What one call takes from one bucket. */
    private record Draw(LimitOwner owner, Allowance allowance, BucketSpec bucket, long amount) {
        LimitStanding standing(BucketLevel level) {
            LimitUnit unit = allowance.unit();
            return new LimitStanding(unit == LimitUnit.REQUESTS ? LimitStanding.Counts.REQUESTS : LimitStanding.Counts.TOKENS,
                    allowance.amount(), unit.units(level.remaining()), Duration.ofNanos(level.nanosToFull()),
                    owner.kind() == LimitOwner.Kind.KEY);
        }
    }

    /** A place held at a gate. */
    private record Place(GateSpec gate, String holder) {}

    /** What one call holds, until it completes. */
    private static final class CallLimits {
        final List<Draw> requests = new ArrayList<>(2);
        final List<Draw> units = new ArrayList<>(2);
        final List<Place> gates = new ArrayList<>(2);
        final List<TargetPass> targets = new ArrayList<>(1);

        synchronized void addRequests(List<Draw> taken) {
            requests.addAll(taken);
        }

        synchronized void addUnits(List<Draw> taken) {
            units.addAll(taken);
        }

        synchronized void addPlaces(List<Place> places) {
            gates.addAll(places);
        }

        synchronized void addTarget(TargetPass pass) {
            targets.add(pass);
        }

        /** Gives back everything: the call was refused. */
        synchronized void undo(RateLimiter limiter) {
            limiter.giveBack(requests);
            limiter.giveBack(units);
            limiter.leave(gates);
            for (TargetPass pass : targets) {
                limiter.giveBack(pass.taken);
                limiter.leave(pass.gates);
            }
            targets.clear();
        }

        void clear() {
            requests.clear();
            units.clear();
            gates.clear();
            targets.clear();
        }
    }

    /** What a call holds on one provider. */
    private final class TargetPass implements Pass {
        final LimitOwner owner;
        final List<Draw> taken = new ArrayList<>(2);
        final List<Place> gates = new ArrayList<>(1);

        TargetPass(LimitOwner owner) {
            this.owner = owner;
        }

        List<Draw> units() {
            return taken.stream().filter(d -> d.allowance().unit() != LimitUnit.REQUESTS)
                    .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        }

        @Override
        public void retried() {
            for (Draw draw : taken) {
                if (draw.allowance().unit() == LimitUnit.REQUESTS) {
                    quietly(() -> {
                        store.takeAnyway(draw.bucket(), 1);
                        return null;
                    });
                }
            }
        }

        @Override
        public synchronized void failed() {
            List<Draw> units = units();
            taken.removeAll(units);
            giveBack(units);
            leave(gates);
        }
    }
}
