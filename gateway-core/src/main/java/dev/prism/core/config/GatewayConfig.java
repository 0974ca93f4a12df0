package dev.prism.core.config;

import dev.prism.core.routing.ModelRoute;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration file, validated. Each section is its own record; later features add a
 * section here and a reader in {@link ConfigLoader}.
 *
 * @param redis the {@code redis:} section every Redis user shares (the cache takes it through
 *     {@link CacheSettings#redis()}, where {@code cache.redis_url} may replace its URL)
 */
public record GatewayConfig(
        ServerSettings server,
        PluginSettings plugins,
        Map<String, ProviderSettings> providers,
        Map<String, ModelRoute> models,
        List<KeySpec> keys,
        RoutingSettings routing,
        CacheSettings cache,
        RedisSettings redis) {
    public GatewayConfig {
        providers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(providers));
        models = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(models));
        keys = List.copyOf(keys);
    }

    /** The same configuration listening on another port (the command line's {@code --port}). */
    public GatewayConfig withPort(int port) {
        return new GatewayConfig(server.withPort(port), plugins, providers, models, keys, routing, cache, redis);
    }
}
