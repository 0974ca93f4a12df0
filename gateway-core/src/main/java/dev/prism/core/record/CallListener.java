package dev.prism.core.record;

/**
 * Told of every call once it is complete: a ledger, a limiter settling what it reserved, metrics,
 * the access log. Called exactly once per call, on a thread of its own (never the request's), so a
 * listener may do I/O; listeners are independent of each other and a failing one fails no other.
 */
@FunctionalInterface
public interface CallListener {
    void completed(CompletedCall call);
}
