package dev.prism.core.cost;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A price of {@code usd} for every {@code per} units: 15 USD per 1,000,000 characters, 0.006 USD per
 * 60 seconds. Kept as written, so that a per-minute price is prorated by the second without a
 * rounded per-second figure in between.
 */
public record Rate(BigDecimal usd, long per) {
    public Rate {
        Objects.requireNonNull(usd, "usd is null");
        if (usd.signum() < 0) {
            throw new IllegalArgumentException("a price must not be negative: " + usd);
        }
        if (per < 1) {
            throw new IllegalArgumentException("per must be at least 1: " + per);
        }
    }

    public static Rate of(String usd, long per) {
        return new Rate(new BigDecimal(usd), per);
    }

    /** Whether one unit costs more at this rate than at {@code other}. */
    public boolean exceeds(Rate other) {
        return usd.multiply(BigDecimal.valueOf(other.per)).compareTo(other.usd.multiply(BigDecimal.valueOf(per))) > 0;
    }
}
