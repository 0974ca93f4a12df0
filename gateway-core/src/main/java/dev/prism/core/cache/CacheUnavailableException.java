package dev.prism.core.cache;

import java.time.Duration;

/** The cache's store did not answer (it failed, timed out, or its circuit breaker is open). */
final class CacheUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    /** @param reason what happened, fit for a log line: no credentials */
    CacheUnavailableException(String reason, Duration retryAfter) {
        super(reason, null, false, false);
        this.retryAfter = retryAfter;
    }

    /** How long until the store is tried again. */
    Duration retryAfter() {
        return retryAfter;
    }
}
