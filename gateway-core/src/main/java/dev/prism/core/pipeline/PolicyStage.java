package dev.prism.core.pipeline;

/**
 * Where a policy sits in the chain, outermost first. A stage says what a policy may rely on:
 * admission runs before the cache, so a budget or a rate limit also governs cache hits (a hit
 * costs nothing but still counts as a request); metering runs after the cache, so it sees only
 * calls that go upstream.
 */
public enum PolicyStage {
    /** Refuses or admits a call before anything else: rate limits, concurrency limits, budgets. */
    ADMISSION,
    /** Answers from stored answers, or lets the call through and keeps its answer. */
    CACHE,
    /** Around the calls that go upstream: reservations for what an upstream call will use. */
    METERING
}
