package dev.prism.core.record;

/**
 * What telemetry follows of one call as it goes: each upstream attempt as it starts and ends, and
 * each target passed over. Whoever opens the record sets it ({@link CallRecord#trace(CallTrace)});
 * a call nobody traces has {@link #NONE}. The dispatch calls it on the request's thread, around
 * the provider's call: what {@link #attemptStarting} makes current there (a span's context) is
 * what the upstream request carries. Methods must be quick and must not throw.
 */
public interface CallTrace {
    /** Follows nothing. */
    CallTrace NONE = new CallTrace() {};

    /**
     * An attempt on {@code provider}'s {@code upstreamModel} starts on this thread, before the
     * provider builds its request. {@link #attempted} follows when it ends, unless it is cut short
     * (interrupted); the returned scope is closed on this thread either way, last.
     *
     * @param retry how many attempts this target had before this one in this call (0 for its first)
     */
    default AttemptScope attemptStarting(String provider, String upstreamModel, int retry) {
        return AttemptScope.NONE;
    }

    /** The attempt started last ended: its answer went on to the client, or it failed. */
    default void attempted(Attempt attempt) {}

    /**
     * A target was passed over without an attempt on it, or without more attempts.
     *
     * @param reason why, in snake case: {@code circuit_open}, {@code rate_limited}
     */
    default void targetSkipped(String provider, String upstreamModel, String reason) {}

    /** What an attempt made current; closing it restores what was current before. */
    @FunctionalInterface
    interface AttemptScope extends AutoCloseable {
        AttemptScope NONE = () -> { };

        @Override
        void close();
    }
}
