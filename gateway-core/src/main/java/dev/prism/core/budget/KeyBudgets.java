package dev.prism.core.budget;

import dev.prism.core.config.BudgetLimit;
import dev.prism.core.config.BudgetPeriod;
import dev.prism.core.config.KeyBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured budgets by key name, and which of them apply to a call. */
final class KeyBudgets {
    /** A budget that applies to a call. */
    record Applicable(AccountId account, BudgetLimit limit) {}

    private final Map<String, KeyBudget> budgets;

    KeyBudgets(Map<String, KeyBudget> budgets) {
        this.budgets = Map.copyOf(budgets);
    }

    /** The key's overall budget first, then its model's: every tally locks them in this order. */
    List<Applicable> applicable(String keyName, String alias) {
        KeyBudget budget = budgets.getOrDefault(keyName, KeyBudget.NONE);
        List<Applicable> limits = new ArrayList<>(2);
        budget.overall().ifPresent(limit -> limits.add(new Applicable(new AccountId(keyName, Optional.empty()), limit)));
        budget.forModel(alias).ifPresent(limit -> limits.add(new Applicable(new AccountId(keyName, Optional.of(alias)), limit)));
        return limits;
    }

    /** When a period ends, for the refusal's message; {@link Instant#MAX} for a budget that never starts again. */
    static Instant resets(BudgetPeriod period, Instant now) {
        return period == BudgetPeriod.TOTAL ? Instant.MAX : period.end(now);
    }
}
