package dev.prism.core.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A key's budgets: one over all its calls, and one per model alias; each is checked on its own,
 * so a call must fit every budget that applies to it.
 *
 * @param overall the budget over every call of the key, if it has one
 * @param byModel the budgets of single model aliases
 */
public record KeyBudget(Optional<BudgetLimit> overall, Map<String, BudgetLimit> byModel) {
    /** No budget: the key may spend without limit. */
    public static final KeyBudget NONE = new KeyBudget(Optional.empty(), Map.of());

    public KeyBudget {
        Objects.requireNonNull(overall, "overall is null");
        byModel = Map.copyOf(byModel);
    }

    public boolean isNone() {
        return overall.isEmpty() && byModel.isEmpty();
    }

    /** The budget of calls for this alias, if there is one. */
    public Optional<BudgetLimit> forModel(String alias) {
        return Optional.ofNullable(byModel.get(alias));
    }
}
