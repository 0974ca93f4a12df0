package dev.prism.core.config;

import java.util.Objects;

/**
 * One rate limit: at most {@code amount} of {@code unit} per {@code window}, refilled continuously
 * (a token bucket of that capacity, refilled over the window), as OpenAI's own limits are.
 *
 * @param amount in configured units (seconds for audio), at least 1
 */
public record Allowance(LimitUnit unit, long amount, LimitWindow window) {
    public Allowance {
        Objects.requireNonNull(unit, "unit is null");
        Objects.requireNonNull(window, "window is null");
        if (amount < 1) {
            throw new IllegalArgumentException("a rate limit must allow at least 1: " + amount);
        }
        if (amount > largest(unit, window)) {
            throw new IllegalArgumentException(unit.configName() + "_per_" + window.configName() + " may be at most "
                    + largest(unit, window) + ": " + amount);
        }
    }

    /**
     * The largest amount a limit of {@code unit} per {@code window} may allow: its bucket refills at
     * most one token a nanosecond (Bucket4j's bound), and audio is counted in milliseconds.
     */
    public static long largest(LimitUnit unit, LimitWindow window) {
        return window.length().toNanos() / unit.scale();
    }

    /** The setting's name: {@code requests_per_minute}. */
    public String configName() {
        return unit.configName() + "_per_" + window.configName();
    }

    /** The bucket's capacity in tokens (milliseconds for audio). */
    public long capacity() {
        return Math.multiplyExact(amount, unit.scale());
    }
}
