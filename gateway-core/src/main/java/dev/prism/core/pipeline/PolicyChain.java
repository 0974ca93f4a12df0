package dev.prism.core.pipeline;

import java.util.List;

/** Policies in order, outermost first, ending in the dispatch to a provider. */
public final class PolicyChain {
    private final List<CallPolicy> policies;
    private final CallPolicy.Next dispatch;

    public PolicyChain(List<CallPolicy> policies, CallPolicy.Next dispatch) {
        this.policies = List.copyOf(policies);
        this.dispatch = dispatch;
    }

    public GatewayResponse run(MediaCall call) {
        return step(0, call);
    }

    private GatewayResponse step(int index, MediaCall call) {
        if (index == policies.size()) {
            return dispatch.proceed(call);
        }
        return policies.get(index).apply(call, next -> step(index + 1, next));
    }
}
