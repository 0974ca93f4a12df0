package dev.prism.core.config;

import java.time.Duration;

/**
 * @param failureThreshold failures within {@code window} that open the breaker
 * @param window the period failures are counted over
 * @param cooldown how long an open breaker waits before letting one probe through
 */
public record BreakerSettings(int failureThreshold, Duration window, Duration cooldown) {
    public static final BreakerSettings DEFAULT = new BreakerSettings(5, Duration.ofSeconds(30), Duration.ofSeconds(30));

    /** Reads a {@code circuit_breaker:} map, {@code defaults} for what it leaves out. */
    public static BreakerSettings read(ConfigNode node, BreakerSettings defaults) {
        int threshold = node.integer("failure_threshold").orElse(defaults.failureThreshold());
        if (threshold < 1) {
            throw node.error("failure_threshold", "must be at least 1");
        }
        Duration window = node.duration("window").orElse(defaults.window());
        if (window.toMillis() < 10) {
            // Failsafe counts failures in buckets of time and refuses a shorter window.
            throw node.error("window", "must be at least 10ms");
        }
        BreakerSettings breaker = new BreakerSettings(threshold, window, node.duration("cooldown").orElse(defaults.cooldown()));
        node.rejectUnknownKeys();
        return breaker;
    }
}
