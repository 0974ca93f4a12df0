package dev.prism.core.limit;

import java.util.concurrent.atomic.LongAdder;

/** What rate limiting did while its store could not be asked: counts since start, for metrics to read. */
public final class LimitOutages {
    private final LongAdder allowed = new LongAdder();
    private final LongAdder refused = new LongAdder();

    /** Checks skipped, the request let through unlimited ({@code on_store_error: allow}). */
    public long allowed() {
        return allowed.sum();
    }

    /** Requests refused with 503 ({@code on_store_error: deny}). */
    public long refused() {
        return refused.sum();
    }

    void recordAllowed() {
        allowed.increment();
    }

    void recordRefused() {
        refused.increment();
    }
}
