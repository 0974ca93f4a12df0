package dev.prism.core.pipeline;

/**
 * Where a policy sits in the chain, outermost first. A stage says what a policy may rely on:
 * throttling and admission run before the cache, so a rate limit or a budget also governs cache
 * hits (a hit costs nothing but still counts as a request); metering runs after the cache, so it
 * sees only calls that go upstream.
 */
public enum PolicyStage {
    /**
     * Refuses floods before anything else, from counters that are cheap to ask: rate limits and
     * concurrency caps. A flood refused here never reaches a budget's database.
     */
    THROTTLE,
    /** Refuses or admits a call before the cache: budgets. */
    ADMISSION,
    /** Answers from stored answers, or lets the call through and keeps its answer. */
    CACHE,
    /** Around the calls that go upstream: reservations for what an upstream call will use. */
    METERING
}
