package dev.prism.core.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * What a call cost in US dollars, as the price catalogue in force says: the figure the response's
 * {@code x-prism-cost} header, the ledger and the admin API all show.
 *
 * @param usd the cost, rounded once (HALF_EVEN, 10 decimal places); empty when the model is unpriced
 * @param saved what a cache hit would have cost had it gone upstream (zero otherwise)
 * @param estimated whether the figure comes from Prism's own measured units rather than the upstream's report
 */
public record CallCost(Optional<BigDecimal> usd, BigDecimal saved, boolean estimated) {
    /** The decimal places every amount is rounded to, once. */
    public static final int SCALE = 10;

    /** Zero dollars, at {@link #SCALE}. */
    public static final BigDecimal ZERO_USD = BigDecimal.ZERO.setScale(SCALE, RoundingMode.UNNECESSARY);

    /** A model no price applies to: never silently $0. */
    public static final CallCost UNPRICED = new CallCost(Optional.empty(), BigDecimal.ZERO, false);

    /** A call no upstream served (refused, failed before an answer started): nothing was bought. */
    public static final CallCost NOTHING_SERVED = new CallCost(Optional.of(ZERO_USD), ZERO_USD, false);

    public CallCost {
        Objects.requireNonNull(usd, "usd is null");
        Objects.requireNonNull(saved, "saved is null");
    }

    /** A priced call that went upstream. */
    public static CallCost of(BigDecimal usd, boolean estimated) {
        return new CallCost(Optional.of(usd), ZERO_USD, estimated);
    }

    /** A cache hit: it cost nothing, and saved what the call would have cost upstream (zero when unpriced). */
    public static CallCost cacheHit(BigDecimal saved) {
        return new CallCost(Optional.of(ZERO_USD), saved, false);
    }

    public boolean unpriced() {
        return usd.isEmpty();
    }

    /** The amount as every surface writes it: a plain decimal, no exponent, no trailing zeros ("0.00024"). */
    public static String format(BigDecimal usd) {
        return usd.signum() == 0 ? "0" : usd.stripTrailingZeros().toPlainString();
    }
}
