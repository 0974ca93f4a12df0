package dev.prism.core.limit;

import dev.prism.core.pipeline.CallPolicy;
import dev.prism.core.pipeline.GatewayResponse;
import dev.prism.core.pipeline.MediaCall;
import dev.prism.core.pipeline.PolicyStage;

/**
 * Metering: the key's and the model's limits in media units, after the cache, so that only calls
 * that go upstream spend characters, audio seconds or images.
 */
final class UnitLimitPolicy implements CallPolicy {
    private final RateLimiter limiter;

    UnitLimitPolicy(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public PolicyStage stage() {
        return PolicyStage.METERING;
    }

    @Override
    public GatewayResponse apply(MediaCall call, Next next) {
        limiter.meter(call);
        return next.proceed(call);
    }
}
