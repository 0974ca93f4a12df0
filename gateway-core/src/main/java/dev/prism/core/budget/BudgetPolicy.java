package dev.prism.core.budget;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.cost.CallCost;
import dev.prism.core.cost.CallPricing;
import dev.prism.core.cost.CataloguePricing;
import dev.prism.core.ledger.LedgerUnavailableException;
import dev.prism.core.pipeline.CallPolicy;
import dev.prism.core.pipeline.GatewayResponse;
import dev.prism.core.pipeline.MediaCall;
import dev.prism.core.pipeline.PolicyStage;
import dev.prism.core.record.CallListener;
import dev.prism.core.record.CompletedCall;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each key within its budgets. Before a call, reserves what it may cost (the highest
 * estimate among its alias's priced targets, from the units measured before the call) in every
 * budget that applies, or refuses it with 429 {@code insufficient_quota}; when the call is over,
 * replaces the reservation by the call's real cost, which is zero for a call that failed or was
 * answered from the cache. So concurrent calls cannot overshoot a budget by more than the
 * difference between what they were estimated at and what they cost.
 *
 * <p>A call to a model no price applies to is not counted against a budget in dollars, and is never
 * refused by one; that is logged once per alias.
 */
final class BudgetPolicy implements CallPolicy, CallListener {
    private static final System.Logger LOG = System.getLogger(BudgetPolicy.class.getName());

    private final BudgetTally book;
    private final CataloguePricing estimates;
    private final CallPricing pricing;
    private final Clock clock;
    private final Map<String, Reservation> outstanding = new ConcurrentHashMap<>();
    private final Set<String> unpricedSeen = ConcurrentHashMap.newKeySet();

    BudgetPolicy(BudgetTally book, CataloguePricing estimates, CallPricing pricing, Clock clock) {
        this.book = Objects.requireNonNull(book, "book is null");
        this.estimates = Objects.requireNonNull(estimates, "estimates is null");
        this.pricing = Objects.requireNonNull(pricing, "pricing is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    @Override
    public PolicyStage stage() {
        return PolicyStage.ADMISSION;
    }

    @Override
    public GatewayResponse apply(MediaCall call, Next next) {
        String keyName = call.key().name();
        String alias = call.route().alias();
        if (!book.governs(keyName, alias)) {
            return next.proceed(call);
        }
        CallCost estimate = estimates.estimate(call.route(), call.record().units());
        if (estimate.unpriced()) {
            if (unpricedSeen.add(alias)) {
                LOG.log(System.Logger.Level.WARNING, "Model {0} has no price, so budgets in dollars do not count or "
                        + "refuse its calls; price it in the pricing section to count them", alias);
            }
            return next.proceed(call);
        }
        BudgetTally.Outcome outcome;
        try {
            outcome = book.reserve(call.record().callId(), keyName, alias, estimate.usd().orElseThrow(), clock.instant());
        } catch (LedgerUnavailableException e) {
            // Without what the period has spent so far, admitting could overshoot the budget by any amount.
            throw new GatewayException(ErrorKind.UNAVAILABLE, "The budget of this key cannot be checked right now "
                    + "(its usage record cannot be read); try again shortly.", null, null);
        }
        if (outcome instanceof BudgetTally.Outcome.Refused refused) {
            throw spent(refused.why());
        }
        Reservation reservation = ((BudgetTally.Outcome.Reserved) outcome).reservation();
        outstanding.put(call.record().callId(), reservation);
        return next.proceed(call);
    }

    /** The call is over: its reservation gives way to its real cost. */
    @Override
    public void completed(CompletedCall call) {
        Reservation reservation = outstanding.remove(call.callId());
        if (reservation == null) {
            return;
        }
        try {
            book.settle(reservation, pricing.price(call).usd().orElse(BigDecimal.ZERO));
        } catch (LedgerUnavailableException e) {
            // The reservation stays counted: the budget errs on the side of admitting less.
            LOG.log(System.Logger.Level.WARNING, "Budget of key {0}: the call {1} could not be settled, so its "
                    + "reservation of ${2} stays held until the period ends: {3}", call.keyName().orElse("?"),
                    call.callId(), CallCost.format(reservation.usd()), e.getMessage());
        }
    }

    /** Calls admitted and not yet settled; for tests. */
    int outstanding() {
        return outstanding.size();
    }

    private static GatewayException spent(BudgetSpent why) {
        String whose = new AccountId(why.keyName(), why.alias()).describe();
        String resets = why.resets().equals(Instant.MAX) ? "It does not reset."
                : "It resets at " + why.resets() + ".";
        String message = why.committed().compareTo(why.limit().usd()) >= 0
                ? "The budget of " + whose + " (" + why.limit().describe() + ") is spent. " + resets
                : "This request may cost up to $" + CallCost.format(why.asked()) + ", more than is left of the budget of "
                        + whose + " (" + why.limit().describe() + ", $" + CallCost.format(why.committed())
                        + " spent or reserved). " + resets;
        return new GatewayException(ErrorKind.QUOTA_EXCEEDED, message, null, "insufficient_quota");
    }
}
