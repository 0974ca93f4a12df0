package dev.prism.plugin.limits.redis;

import dev.prism.core.config.RedisSettings;
import dev.prism.core.limit.LimitStoreException;

/** Lettuce's and Bucket4j's failures as the {@link LimitStoreException} the host expects, without the URL's password. */
final class RedisFailures {
    private RedisFailures() {}

    /**
     * The failure's root cause, named by its class and its message with credentials masked. The cause
     * itself is not kept: its messages (and those of its own causes) would reach a log unmasked.
     */
    static LimitStoreException toLimitStoreException(RedisSettings settings, Throwable failure) {
        if (failure instanceof LimitStoreException known) {
            return known;
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + settings.redact(root.getMessage());
        return new LimitStoreException("Redis at " + settings.hostAndPort() + ": " + root.getClass().getSimpleName() + message,
                null);
    }
}
