package dev.prism.core.limit;

import dev.prism.core.config.RedisSettings;
import java.util.Objects;

/**
 * The {@code rate_limit:} section: where the limits of keys, models and providers are counted.
 *
 * @param store the back end: {@code local} (this process) or {@code redis} (shared by every Prism on that Redis)
 * @param redis the connection of the {@code redis} store: {@code rate_limit.redis_url}, else the shared {@code redis:} section
 * @param onStoreError what a request gets while the store cannot be asked
 */
public record LimitSettings(String store, RedisSettings redis, OnStoreError onStoreError) {
    public static final LimitSettings DEFAULT = new LimitSettings("local", RedisSettings.DEFAULT, OnStoreError.ALLOW);

    /** While the limit store is out of reach. */
    public enum OnStoreError {
        /** Requests go through unlimited (and are counted and logged). */
        ALLOW("allow"),
        /** Requests that a limit applies to are refused with 503. */
        DENY("deny");

        private final String configName;

        OnStoreError(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    public LimitSettings {
        Objects.requireNonNull(store, "store is null");
        Objects.requireNonNull(redis, "redis is null");
        Objects.requireNonNull(onStoreError, "onStoreError is null");
    }
}
