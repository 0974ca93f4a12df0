package dev.prism.core.limit;

import java.time.Clock;

/**
 * A kind of {@link LimitStore} operators can name in {@code rate_limit.store}. The embedded
 * {@code local} store is built in; a plugin jar adds another (the Redis store) by declaring it in
 * {@code META-INF/services/dev.prism.core.limit.LimitBackend}.
 */
public interface LimitBackend {
    /** The name operators write in {@code rate_limit.store}. */
    String name();

    /**
     * Opens the store. Must not wait for a server that is down: the host checks reachability at
     * start itself, with its own timeout.
     *
     * @param clock the time buckets refill by: tests pass a clock they control
     */
    LimitStore open(LimitSettings settings, Clock clock);
}
