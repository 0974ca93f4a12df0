package dev.prism.core.cache;

import com.google.inject.Module;
import dev.prism.api.Operation;
import dev.prism.core.config.CacheSettings;
import dev.prism.core.config.ConfigException;
import dev.prism.core.config.ConfigNode;
import dev.prism.core.config.Durations;
import dev.prism.core.config.RedisSettings;
import dev.prism.core.feature.BannerLine;
import dev.prism.core.feature.FeatureSettings;
import dev.prism.core.feature.GatewayFeature;
import dev.prism.core.redis.RedisFeature;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code cache:} section and the response cache it turns on ({@link CacheModule}). The back end
 * is only checked for the shape of its name here; the module finds it by that name among those the
 * class path declares.
 */
public final class CacheFeature implements GatewayFeature<CacheSettings> {
    @Override
    public String configKey() {
        return "cache";
    }

    @Override
    public Class<CacheSettings> settingsType() {
        return CacheSettings.class;
    }

    @Override
    public CacheSettings read(ConfigNode node, FeatureSettings others) {
        CacheSettings d = CacheSettings.disabled();
        // Read first, so the shared section's problems come before the cache's own.
        RedisSettings sharedRedis = others.of(RedisSettings.class);
        if (node.isMissing()) {
            return d;
        }
        boolean enabled = node.bool("enabled").orElse(true);
        String provider = node.string("provider").orElse("ehcache");
        // Any back end a plugin jar declares may be named; the cache module finds it by this name at start
        // and, when no jar declares it, refuses with the names that are available.
        if (!provider.matches("[a-z][a-z0-9-]*")) {
            throw node.error("provider", "expected the name of a cache back end such as ehcache or redis");
        }
        String scope = node.string("scope").orElse("shared");
        if (!scope.equals("shared") && !scope.equals("key")) {
            throw node.error("scope", "expected shared or key");
        }
        Set<Operation> endpoints = endpoints(node);
        // heap_mb is memory_mb's first name, from when the memory tier was on the Java heap.
        if (node.has("memory_mb") && node.has("heap_mb")) {
            throw node.error("heap_mb", "is the old name of memory_mb: set only one of them");
        }
        String memoryKey = node.has("heap_mb") ? "heap_mb" : "memory_mb";
        int memoryMb = node.integer(memoryKey).orElse(64);
        int diskMb = node.integer("disk_mb").orElse(2048);
        if (memoryMb < 1) {
            throw node.error(memoryKey, "must be at least 1");
        }
        if (diskMb < 0) {
            throw node.error("disk_mb", "must be at least 0 (0: no disk tier)");
        }
        if (provider.equals("ehcache") && diskMb > 0 && diskMb <= memoryMb) {
            // Ehcache's tiers nest: the disk tier holds everything the memory tier holds, so it must be larger.
            throw node.error("disk_mb", "must be larger than " + memoryKey + " (" + memoryMb
                    + "), or 0 for no disk tier");
        }

        // cache.redis_url predates the shared redis section; it still works, and wins for the cache.
        Optional<String> ownUrl = node.string("redis_url");
        ownUrl.ifPresent(url -> RedisFeature.checkUrl(node, "redis_url", url));
        RedisSettings redis = ownUrl.map(url -> sharedRedis.withUrl(url, node.path() + ".redis_url")).orElse(sharedRedis);
        String onUnavailable = node.string("on_unavailable").orElse("bypass");
        CacheSettings.OnUnavailable whenUnavailable = Arrays.stream(CacheSettings.OnUnavailable.values())
                .filter(o -> o.configName().equals(onUnavailable)).findFirst()
                .orElseThrow(() -> node.error("on_unavailable", "expected bypass or fail"));
        CacheSettings cache = new CacheSettings(enabled, provider, node.positiveDuration("ttl").orElse(d.ttl()), memoryMb,
                diskMb, Path.of(node.string("dir").orElse("./data/cache")), redis, scope.equals("key"), endpoints,
                whenUnavailable);
        node.rejectUnknownKeys();
        return cache;
    }

    private static Set<Operation> endpoints(ConfigNode node) {
        Set<Operation> endpoints = new LinkedHashSet<>();
        List<String> names = node.stringList("endpoints").orElse(List.of("speech", "transcriptions", "translations"));
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            int index = i;
            endpoints.add(Arrays.stream(Operation.values()).filter(o -> o.configName().equals(name)).findFirst()
                    .orElseThrow(() -> new ConfigException(node.path() + ".endpoints[" + index + "]", "unknown endpoint '"
                            + name + "'. Available: " + Arrays.stream(Operation.values()).map(Operation::configName)
                                    .collect(java.util.stream.Collectors.joining(", ")))));
        }
        return endpoints;
    }

    @Override
    public Optional<Module> module(CacheSettings settings) {
        return settings.enabled() ? Optional.of(new CacheModule(settings)) : Optional.empty();
    }

    @Override
    public Optional<BannerLine> bannerLine(CacheSettings cache) {
        return Optional.of(new BannerLine("cache", describe(cache)));
    }

    private static String describe(CacheSettings cache) {
        if (!cache.enabled()) {
            return "off";
        }
        String ttl = ", entries live up to " + Durations.format(cache.ttl());
        if (cache.provider().equals("redis")) {
            // Only host and port: a Redis URL may hold a password.
            return "redis at " + cache.redis().hostAndPort() + ttl;
        }
        String memory = cache.provider() + ", " + cache.memoryMb() + " MB in memory";
        return (cache.diskMb() > 0 ? memory + " and " + cache.diskMb() + " MB on disk in " + cache.dir().toAbsolutePath()
                : memory + ", nothing on disk") + ttl;
    }
}
