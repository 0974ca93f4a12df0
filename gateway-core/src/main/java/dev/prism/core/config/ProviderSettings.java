package dev.prism.core.config;

import java.time.Duration;

/**
 * One entry under {@code providers:}: what the host reads itself; the rest of the node is the
 * provider plugin's to read.
 *
 * @param timeout how long one attempt may wait for the upstream (for its answer to start, and
 *     between reads after that)
 * @param firstByteTimeout for streams, how long to wait for the first byte of the answer
 * @param rateLimit what Prism sends this provider at most (to stay under the upstream's own limits)
 */
public record ProviderSettings(
        String name,
        String type,
        Duration timeout,
        Duration firstByteTimeout,
        RetrySettings retry,
        BreakerSettings circuitBreaker,
        ConfigNode node,
        RateLimit rateLimit) {
    public ProviderSettings {
        java.util.Objects.requireNonNull(rateLimit, "rateLimit is null");
    }

    /** A provider without rate limits. */
    public ProviderSettings(String name, String type, Duration timeout, Duration firstByteTimeout, RetrySettings retry,
            BreakerSettings circuitBreaker, ConfigNode node) {
        this(name, type, timeout, firstByteTimeout, retry, circuitBreaker, node, RateLimit.NONE);
    }
}
