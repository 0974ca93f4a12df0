package dev.prism.api;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a call used, in the units it is measured in: the characters of a speech input, the seconds
 * of an upload, the images made, the tokens an upstream reports. Either reported by the upstream
 * or estimated by Prism ({@link #estimated()}), so that a ledger can tell the two apart.
 *
 * <p>Immutable; amounts are never negative.
 *
 * @param amounts the amount of each unit measured; a unit not present was not measured
 * @param estimated whether any amount is Prism's estimate rather than a measurement or a report
 */
public record Usage(Map<UsageUnit, BigDecimal> amounts, boolean estimated) {
    /** Nothing measured. */
    public static final Usage NONE = new Usage(Map.of(), false);

    public Usage {
        Objects.requireNonNull(amounts, "amounts is null");
        EnumMap<UsageUnit, BigDecimal> copy = new EnumMap<>(UsageUnit.class);
        amounts.forEach((unit, amount) -> {
            Objects.requireNonNull(unit, "unit is null");
            Objects.requireNonNull(amount, "amount is null");
            if (amount.signum() < 0) {
                throw new IllegalArgumentException(unit.wireName() + " is negative: " + amount);
            }
            copy.put(unit, amount);
        });
        amounts = Collections.unmodifiableMap(copy);
    }

    /** Measured or reported usage of one unit. */
    public static Usage of(UsageUnit unit, long amount) {
        return NONE.with(unit, BigDecimal.valueOf(amount));
    }

    /** This usage with {@code unit} set to {@code amount}. */
    public Usage with(UsageUnit unit, BigDecimal amount) {
        EnumMap<UsageUnit, BigDecimal> more = new EnumMap<>(UsageUnit.class);
        more.putAll(amounts);
        more.put(unit, amount);
        return new Usage(more, estimated);
    }

    public Usage with(UsageUnit unit, long amount) {
        return with(unit, BigDecimal.valueOf(amount));
    }

    /** The same amounts, marked as Prism's estimate. */
    public Usage asEstimate() {
        return new Usage(amounts, true);
    }

    /**
     * This usage with every unit of {@code later} laid over it: a report after the call wins over a
     * measurement before it for the units it names; the result is estimated if what remains of
     * either was.
     */
    public Usage overriddenBy(Usage later) {
        EnumMap<UsageUnit, BigDecimal> merged = new EnumMap<>(UsageUnit.class);
        merged.putAll(amounts);
        merged.putAll(later.amounts);
        boolean stillEstimated = later.estimated || (estimated && !later.amounts.keySet().containsAll(amounts.keySet()));
        return new Usage(merged, stillEstimated);
    }

    public Optional<BigDecimal> amount(UsageUnit unit) {
        return Optional.ofNullable(amounts.get(unit));
    }

    public boolean isEmpty() {
        return amounts.isEmpty();
    }
}
