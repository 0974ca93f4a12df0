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
 * @param privateToKey whether entries belong to the virtual key that made them ({@code scope: key})
 * @param endpoints the operations whose answers are cached
 */
public record CacheSettings(
        boolean enabled,
        String provider,
        Duration ttl,
        long memoryMb,
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
