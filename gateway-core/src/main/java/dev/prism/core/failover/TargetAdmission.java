package dev.prism.core.failover;

import dev.prism.core.pipeline.MediaCall;
import dev.prism.core.routing.ProviderTarget;

/**
 * Asked before a call goes to a target: whether the target's provider may take it now (the
 * operator's cap on what Prism sends one provider). A refusal is a {@link dev.prism.api.GatewayException}
 * of kind {@link dev.prism.api.ErrorKind#RATE_LIMITED}; failover moves on to the next target, and
 * when every target refused, the client gets 429.
 */
@FunctionalInterface
public interface TargetAdmission {
    /** Admits everything. */
    TargetAdmission NONE = (call, target) -> Pass.FREE;

    /**
     * Reserves what one request to {@code target} takes from its provider's limits.
     *
     * @throws dev.prism.api.GatewayException when a limit of the provider refuses
     */
    Pass enter(MediaCall call, ProviderTarget target);

    /** What an admitted call holds on a target until its attempts there end. */
    interface Pass {
        /** Nothing held. */
        Pass FREE = new Pass() {
            @Override
            public void retried() {}

            @Override
            public void failed() {}
        };

        /** Another attempt went to the same target: it counts as a request there too. */
        void retried();

        /** Every attempt on the target failed: what was reserved for the answer is given back. */
        void failed();
    }
}
