package dev.prism.core.limit;

import dev.prism.core.pipeline.CallPolicy;
import dev.prism.core.pipeline.GatewayResponse;
import dev.prism.core.pipeline.MediaCall;
import dev.prism.core.pipeline.PolicyStage;
import dev.prism.core.record.CacheStatus;

/**
 * Throttling: the key's and the model's request limits and concurrency caps, before the cache, so
 * that a cache hit counts as a request and holds a place while it is written.
 */
final class RequestLimitPolicy implements CallPolicy {
    private final RateLimiter limiter;

    RequestLimitPolicy(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public PolicyStage stage() {
        return PolicyStage.THROTTLE;
    }

    @Override
    public GatewayResponse apply(MediaCall call, Next next) {
        if (!limiter.admit(call)) {
            return next.proceed(call);
        }
        GatewayResponse response = next.proceed(call);
        if (response.record().cache() == CacheStatus.HIT) {
            limiter.showUnits(call);
        }
        return response;
    }
}
