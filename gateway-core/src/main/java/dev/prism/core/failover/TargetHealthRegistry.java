package dev.prism.core.failover;

import dev.prism.core.config.BreakerSettings;
import dev.prism.core.config.ProviderSettings;
import dev.prism.core.routing.ModelRoute;
import dev.prism.core.routing.ProviderTarget;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@link TargetHealth} per distinct target of the configuration, so that two aliases sending
 * traffic to the same provider and model share what they learn about it.
 */
public final class TargetHealthRegistry {
    private final Map<ProviderTarget, TargetHealth> health = new LinkedHashMap<>();

    public TargetHealthRegistry(Collection<ModelRoute> routes, Map<String, ProviderSettings> providers) {
        for (ModelRoute route : routes) {
            for (ProviderTarget target : route.targets()) {
                ProviderTarget key = identity(target);
                BreakerSettings settings = providers.get(target.provider()).circuitBreaker();
                health.computeIfAbsent(key, k -> new TargetHealth(k, settings));
            }
        }
    }

    private static ProviderTarget identity(ProviderTarget target) {
        return new ProviderTarget(target.provider(), target.model(), 1);
    }

    public TargetHealth of(ProviderTarget target) {
        TargetHealth h = health.get(identity(target));
        if (h == null) {
            throw new IllegalArgumentException("unknown target " + target.id());
        }
        return h;
    }

    /** Every target, in configuration order. */
    public Collection<TargetHealth> all() {
        return java.util.Collections.unmodifiableCollection(health.values());
    }
}
