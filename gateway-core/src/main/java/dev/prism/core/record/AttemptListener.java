package dev.prism.core.record;

/**
 * Told of each upstream attempt as it ends, while the call goes on (telemetry spans, a limiter
 * counting upstream calls). Called on the request's thread: it must be quick and must not throw.
 */
@FunctionalInterface
public interface AttemptListener {
    void attempted(CallRecord call, Attempt attempt);
}
