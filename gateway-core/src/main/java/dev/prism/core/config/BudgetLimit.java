package dev.prism.core.config;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * At most {@code usd} US dollars in each {@code period}.
 *
 * @param usd the limit, never negative; zero refuses every priced call
 */
public record BudgetLimit(BigDecimal usd, BudgetPeriod period) {
    public BudgetLimit {
        Objects.requireNonNull(usd, "usd is null");
        Objects.requireNonNull(period, "period is null");
        if (usd.signum() < 0) {
            throw new IllegalArgumentException("a budget cannot be negative: " + usd);
        }
    }

    /** As messages write it: {@code $50 monthly}. */
    public String describe() {
        return "$" + usd.stripTrailingZeros().toPlainString() + " " + period.configName();
    }
}
