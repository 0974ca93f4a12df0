package dev.prism.core.config;

import java.time.Duration;

/**
 * @param maxAttempts attempts on one target, the first included (1 means no retry)
 * @param backoff the wait before the first retry, doubling after that
 * @param maxBackoff the longest wait between two attempts
 */
public record RetrySettings(int maxAttempts, Duration backoff, Duration maxBackoff) {
    public static final RetrySettings DEFAULT = new RetrySettings(2, Duration.ofMillis(200), Duration.ofSeconds(5));
}
