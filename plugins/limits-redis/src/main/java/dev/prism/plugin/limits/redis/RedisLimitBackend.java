package dev.prism.plugin.limits.redis;

import dev.prism.core.limit.LimitBackend;
import dev.prism.core.limit.LimitSettings;
import dev.prism.core.limit.LimitStore;
import java.time.Clock;

/**
 * {@code rate_limit.store: redis}: limits counted in Redis, so every Prism that points at the same
 * Redis enforces one set of limits. Connects on the first call, not at open: the host checks that
 * Redis answers at start with its own bound, and may start without it.
 */
public final class RedisLimitBackend implements LimitBackend {
    @Override
    public String name() {
        return "redis";
    }

    @Override
    public LimitStore open(LimitSettings settings, Clock clock) {
        return new RedisLimitStore(settings.redis(), clock);
    }
}
