package dev.prism.core.cache;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a cache store is, in words an operator can act on and that never hold a credential.
 *
 * @param description {@code Redis at cache.internal:6379}, {@code the ehcache cache}
 * @param setting the setting that points there ({@code cache.redis_url}, {@code redis.url})
 * @param redact masks credentials in a client library's message about the store
 */
record StoreTarget(String description, String setting, UnaryOperator<String> redact) {
    StoreTarget {
        Objects.requireNonNull(description, "description is null");
        Objects.requireNonNull(setting, "setting is null");
        Objects.requireNonNull(redact, "redact is null");
    }
}
