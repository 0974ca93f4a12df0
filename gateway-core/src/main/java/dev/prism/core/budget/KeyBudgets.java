package dev.prism.core.budget;

import dev.prism.core.config.BudgetLimit;
import dev.prism.core.config.BudgetPeriod;
import dev.prism.core.config.KeyBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The budgets by key name (the configured keys', then those made through the admin API), and which apply to a call. */
final class KeyBudgets {
    /** A budget that applies to a call. */
    record Applicable(AccountId account, BudgetLimit limit) {}

    private final Map<String, KeyBudget> budgets;
    private final Set<String> configured;
    private final Function<String, KeyBudget> stored;

    KeyBudgets(Map<String, KeyBudget> budgets) {
        this(budgets, budgets.keySet(), name -> KeyBudget.NONE);
    }

    /**
     * @param budgets the configured keys' budgets, by key name
     * @param configured every configured key's name, with a budget or not: their budgets are never looked up elsewhere
     * @param stored the budget of a key that is not configured (one made through the admin API)
     */
    KeyBudgets(Map<String, KeyBudget> budgets, Set<String> configured, Function<String, KeyBudget> stored) {
        this.budgets = Map.copyOf(budgets);
        this.configured = Set.copyOf(configured);
        this.stored = stored;
    }

    /** The key's overall budget first, then its model's: every tally locks them in this order. */
    List<Applicable> applicable(String keyName, String alias) {
        KeyBudget budget = configured.contains(keyName) ? budgets.getOrDefault(keyName, KeyBudget.NONE)
                : stored.apply(keyName);
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
