package dev.prism.core.config;

import java.time.Duration;

/**
 * @param failureThreshold failures within {@code window} that open the breaker
 * @param window the period failures are counted over
 * @param cooldown how long an open breaker waits before letting one probe through
 */
public record BreakerSettings(int failureThreshold, Duration window, Duration cooldown) {
    public static final BreakerSettings DEFAULT = new BreakerSettings(5, Duration.ofSeconds(30), Duration.ofSeconds(30));
}
