package dev.prism.core.routing;

import dev.prism.core.config.RateLimit;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A model alias clients ask for and where it goes.
 *
 * @param deadline the longest all attempts for one request may take together; empty: the global one
 * @param cache whether answers for this alias may be cached; empty: as the cache section says
 * @param cacheTtl this alias's cache TTL; empty: the cache section's
 * @param rateLimit what all keys together may send this alias (an operator's cap)
 */
public record ModelRoute(
        String alias,
        Strategy strategy,
        List<ProviderTarget> targets,
        Optional<Duration> deadline,
        Optional<Boolean> cache,
        Optional<Duration> cacheTtl,
        RateLimit rateLimit) {
    public ModelRoute {
        Objects.requireNonNull(rateLimit, "rateLimit is null");
        Objects.requireNonNull(alias, "alias is null");
        Objects.requireNonNull(strategy, "strategy is null");
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a route needs at least one target");
        }
    }

    /** An alias without rate limits. */
    public ModelRoute(String alias, Strategy strategy, List<ProviderTarget> targets, Optional<Duration> deadline,
            Optional<Boolean> cache, Optional<Duration> cacheTtl) {
        this(alias, strategy, targets, deadline, cache, cacheTtl, RateLimit.NONE);
    }
}
