package dev.prism.core.ledger;

import dev.prism.api.UsageUnit;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Sums over a set of ledger rows. Money and units are exact sums of what the rows hold, with
 * trailing zeros stripped ({@code 0.00024}, {@code 50}).
 *
 * @param requests the rows
 * @param errors the rows of failed calls: an error status, or an error after the answer began
 * @param cacheHits the rows answered from the cache
 * @param costUsd the cost of the priced rows (unpriced rows add nothing: see {@code unpriced})
 * @param savedUsd what the cache hits would have cost upstream
 * @param unpriced the rows no price applied to
 * @param estimated the rows whose cost is Prism's estimate rather than the upstream's report
 * @param units the usage, by unit
 */
public record UsageTotals(
        long requests,
        long errors,
        long cacheHits,
        BigDecimal costUsd,
        BigDecimal savedUsd,
        long unpriced,
        long estimated,
        Map<UsageUnit, BigDecimal> units) {
    public static final UsageTotals NONE = new UsageTotals(0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO, 0, 0, Map.of());

    public UsageTotals {
        costUsd = normal(Objects.requireNonNull(costUsd, "costUsd is null"));
        savedUsd = normal(Objects.requireNonNull(savedUsd, "savedUsd is null"));
        EnumMap<UsageUnit, BigDecimal> copy = new EnumMap<>(UsageUnit.class);
        units.forEach((unit, amount) -> copy.put(unit, normal(amount)));
        units = Collections.unmodifiableMap(copy);
    }

    /** These sums and {@code other}'s together. */
    public UsageTotals plus(UsageTotals other) {
        EnumMap<UsageUnit, BigDecimal> sum = new EnumMap<>(UsageUnit.class);
        sum.putAll(units);
        other.units.forEach((unit, amount) -> sum.merge(unit, amount, BigDecimal::add));
        return new UsageTotals(requests + other.requests, errors + other.errors, cacheHits + other.cacheHits,
                costUsd.add(other.costUsd), savedUsd.add(other.savedUsd), unpriced + other.unpriced,
                estimated + other.estimated, sum);
    }

    /** Without trailing zeros, and never with a negative scale: 50, not 5E+1. */
    private static BigDecimal normal(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
