package dev.prism.core.cache;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the response cache did for requests while its store was out of reach: counts since start,
 * for metrics to read. Thread-safe.
 */
public final class CacheOutages {
    private final LongAdder bypassed = new LongAdder();
    private final LongAdder refused = new LongAdder();

    /** Cacheable requests answered from the upstream without the cache ({@code x-prism-cache: BYPASS}). */
    public long bypassed() {
        return bypassed.sum();
    }

    /** Cacheable requests refused with 503 ({@code cache.on_unavailable: fail}). */
    public long refused() {
        return refused.sum();
    }

    void recordBypass() {
        bypassed.increment();
    }

    void recordRefusal() {
        refused.increment();
    }
}
