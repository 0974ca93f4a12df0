package dev.prism.core.config;

import dev.prism.api.Operation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code cache:} section.
 *
 * @param provider {@code ehcache} (embedded, memory and disk) or {@code redis} (shared by a cluster)
 * @param memoryMb the embedded cache's memory tier, in MiB: {@code memory_mb}, formerly {@code heap_mb}
 * @param diskMb the embedded cache's persistent disk tier, in MiB; 0 for none
 * @param redis the Redis the cache uses: the {@code redis:} section, with {@code cache.redis_url}'s
 *     URL when that is set
 * @param privateToKey whether entries belong to the virtual key that made them ({@code scope: key})
 * @param endpoints the operations whose answers are cached
 * @param onUnavailable what a cacheable request gets while the cache's store is out of reach
 */
public record CacheSettings(
        boolean enabled,
        String provider,
        Duration ttl,
        long memoryMb,
        long diskMb,
        Path dir,
        RedisSettings redis,
        boolean privateToKey,
        Set<Operation> endpoints,
        OnUnavailable onUnavailable) {
    /** {@code cache.on_unavailable}. */
    public enum OnUnavailable {
        /** Answer from the upstream without the cache ({@code x-prism-cache: BYPASS}). */
        BYPASS,
        /** Refuse with 503, and refuse to start when the store is out of reach at start-up. */
        FAIL;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public CacheSettings {
        endpoints = Set.copyOf(endpoints);
    }

    /** Settings with the shared Redis defaults at {@code redisUrl}, bypassing the cache when it is out of reach. */
    public CacheSettings(boolean enabled, String provider, Duration ttl, long heapMb, long diskMb, Path dir, String redisUrl,
            boolean privateToKey, Set<Operation> endpoints) {
        this(enabled, provider, ttl, heapMb, diskMb, dir, RedisSettings.DEFAULT.withUrl(redisUrl, "cache.redis_url"),
                privateToKey, endpoints, OnUnavailable.BYPASS);
    }

    public static CacheSettings disabled() {
        return new CacheSettings(false, "ehcache", Duration.ofHours(24), 64, 0, Path.of("data", "cache"),
                RedisSettings.DEFAULT, false, Set.of(), OnUnavailable.BYPASS);
    }

    /** The URL of the Redis the cache uses. */
    public String redisUrl() {
        return redis.url();
    }
}
