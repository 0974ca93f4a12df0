package dev.prism.core.cost;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * A sum of charges (amount times a rate), kept exact as one fraction, so that the total is rounded
 * once, at the end: 61.5 seconds at 0.006 per 60 is 0.00615 exactly, not a sum of rounded parts.
 * Not thread-safe; one per pricing.
 */
final class Charges {
    private BigDecimal numerator = BigDecimal.ZERO;
    private BigInteger denominator = BigInteger.ONE;

    void add(BigDecimal amount, Rate rate) {
        BigInteger per = BigInteger.valueOf(rate.per());
        BigInteger common = denominator.divide(denominator.gcd(per)).multiply(per);
        numerator = numerator.multiply(new BigDecimal(common.divide(denominator)))
                .add(amount.multiply(rate.usd()).multiply(new BigDecimal(common.divide(per))));
        denominator = common;
    }

    /** The total, rounded once: HALF_EVEN to {@link CallCost#SCALE} places. */
    BigDecimal total() {
        return numerator.divide(new BigDecimal(denominator), CallCost.SCALE, RoundingMode.HALF_EVEN);
    }
}
