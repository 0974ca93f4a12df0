package dev.prism.core.config;

import dev.prism.api.Operation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code cache:} section.
 *
 * @param provider {@code ehcache} (embedded, heap and disk) or {@code redis} (shared by a cluster)
 * @param privateToKey whether entries belong to the virtual key that made them ({@code scope: key})
 * @param endpoints the operations whose answers are cached
 */
public record CacheSettings(
        boolean enabled,
        String provider,
        Duration ttl,
        long heapMb,
        long diskMb,
        Path dir,
        String redisUrl,
        boolean privateToKey,
        Set<Operation> endpoints) {
    public CacheSettings {
        endpoints = Set.copyOf(endpoints);
    }

    public static CacheSettings disabled() {
        return new CacheSettings(false, "ehcache", Duration.ofHours(24), 64, 0, Path.of("data", "cache"),
                "redis://127.0.0.1:6379", false, Set.of());
    }
}
