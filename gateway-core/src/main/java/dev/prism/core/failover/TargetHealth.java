package dev.prism.core.failover;

import dev.failsafe.CircuitBreaker;
import dev.prism.api.GatewayException;
import dev.prism.api.MediaResponse;
import dev.prism.core.config.BreakerSettings;
import dev.prism.core.routing.ProviderTarget;
import java.time.Duration;

/**
 * What Prism knows of one target's health: its circuit breaker and its recent latency (an
 * exponentially weighted moving average of the time to the first byte).
 */
public final class TargetHealth {
    private static final double ALPHA = 0.3;
    private static final System.Logger LOG = System.getLogger(TargetHealth.class.getName());

    private final ProviderTarget target;
    private final CircuitBreaker<MediaResponse> breaker;
    private volatile double latencyMillis = -1;

    TargetHealth(ProviderTarget target, BreakerSettings settings) {
        this.target = target;
        this.breaker = CircuitBreaker.<MediaResponse>builder()
                .handleIf(e -> e instanceof GatewayException g && g.kind().triesNextTarget())
                .withFailureThreshold(settings.failureThreshold(), settings.window())
                .withDelay(settings.cooldown())
                .withSuccessThreshold(1)
                .onOpen(e -> LOG.log(System.Logger.Level.WARNING, "Circuit breaker of {0} opened", target.id()))
                .onHalfOpen(e -> LOG.log(System.Logger.Level.INFO, "Circuit breaker of {0} is half-open", target.id()))
                .onClose(e -> LOG.log(System.Logger.Level.INFO, "Circuit breaker of {0} closed", target.id()))
                .build();
    }

    public ProviderTarget target() {
        return target;
    }

    CircuitBreaker<MediaResponse> breaker() {
        return breaker;
    }

    /** {@code closed}, {@code open} or {@code half-open}. */
    public String breakerState() {
        return switch (breaker.getState()) {
            case CLOSED -> "closed";
            case OPEN -> "open";
            case HALF_OPEN -> "half-open";
        };
    }

    /** The recent time to first byte in milliseconds, or -1 before the first attempt. */
    public double latencyMillis() {
        return latencyMillis;
    }

    synchronized void recordLatency(Duration elapsed) {
        double sample = elapsed.toNanos() / 1_000_000.0;
        latencyMillis = latencyMillis < 0 ? sample : ALPHA * sample + (1 - ALPHA) * latencyMillis;
    }
}
