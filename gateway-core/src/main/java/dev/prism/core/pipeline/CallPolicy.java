package dev.prism.core.pipeline;

/**
 * Something done around the provider call for every request: caching, quotas, cost tracking,
 * failover. Policies form a chain; each may answer by itself (a cache hit), refuse (a spent
 * budget), or pass the call on and look at what comes back.
 *
 * <p>A policy that takes a response it does not hand back must close it.
 */
public interface CallPolicy {
    GatewayResponse apply(MediaCall call, Next next);

    /** Where the policy sits in the chain; policies of one stage run in the order they were bound. */
    PolicyStage stage();

    /** The rest of the chain. */
    @FunctionalInterface
    interface Next {
        GatewayResponse proceed(MediaCall call);
    }
}
