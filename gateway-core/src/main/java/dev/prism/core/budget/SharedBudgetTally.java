package dev.prism.core.budget;

import dev.prism.core.config.KeyBudget;
import dev.prism.core.ledger.BudgetCounters;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The budgets in the ledger's database, shared by every Prism on it: each reservation and each
 * settlement is one atomic update there, so the instances together admit no more than one would.
 */
final class SharedBudgetTally implements BudgetTally {
    private final KeyBudgets budgets;
    private final BudgetCounters counters;

    SharedBudgetTally(Map<String, KeyBudget> budgets, BudgetCounters counters) {
        this(new KeyBudgets(budgets), counters);
    }

    SharedBudgetTally(KeyBudgets budgets, BudgetCounters counters) {
        this.budgets = Objects.requireNonNull(budgets, "budgets is null");
        this.counters = Objects.requireNonNull(counters, "counters is null");
    }

    @Override
    public boolean governs(String keyName, String alias) {
        return !budgets.applicable(keyName, alias).isEmpty();
    }

    @Override
    public Outcome reserve(String callId, String keyName, String alias, BigDecimal usd, Instant now) {
        List<KeyBudgets.Applicable> limits = budgets.applicable(keyName, alias);
        List<BudgetCounters.Counter> asked = limits.stream().map(a -> new BudgetCounters.Counter(keyName,
                a.account().alias(), a.limit().period().start(now), a.limit().period().end(now), a.limit().usd())).toList();
        Optional<BudgetCounters.Shortfall> shortfall = counters.reserve(callId, now, asked, usd);
        if (shortfall.isPresent()) {
            KeyBudgets.Applicable refused = limits.get(shortfall.get().index());
            return new Outcome.Refused(new BudgetSpent(keyName, refused.account().alias(), refused.limit(),
                    shortfall.get().committed(), usd, KeyBudgets.resets(refused.limit().period(), now)));
        }
        return new Outcome.Reserved(new Reservation(callId, limits.stream().map(a -> new Reservation.Held(a.account(),
                a.limit().period().start(now))).toList(), usd));
    }

    @Override
    public void settle(Reservation reservation, BigDecimal cost) {
        if (reservation.accounts().isEmpty()) {
            return;
        }
        // Only the identity (key, alias, period start) matters to a settlement.
        counters.settle(reservation.callId(), reservation.accounts().stream().map(held -> new BudgetCounters.Counter(held.account().keyName(),
                held.account().alias(), held.periodStart(), held.periodStart(), BigDecimal.ZERO)).toList(), cost);
    }
}
