package dev.prism.core.config;

import dev.prism.core.feature.FeatureSections;
import dev.prism.core.routing.ModelRoute;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole configuration file, validated: the core sections, each its own record, and the
 * sections of the discovered {@link dev.prism.core.feature.GatewayFeature features} (the cache,
 * the shared Redis, ...), which a new feature adds without an edit here.
 *
 * @param features the features' sections, each read by its feature; see {@link #feature(Class)}
 */
public record GatewayConfig(
        ServerSettings server,
        PluginSettings plugins,
        Map<String, ProviderSettings> providers,
        Map<String, ModelRoute> models,
        List<KeySpec> keys,
        RoutingSettings routing,
        FeatureSections features) {
    public GatewayConfig {
        providers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(providers));
        models = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(models));
        keys = List.copyOf(keys);
        Objects.requireNonNull(features, "features is null");
    }

    /**
     * A feature's settings, by their type: {@code config.feature(CacheSettings.class)}.
     *
     * @throws IllegalArgumentException when no discovered feature reads settings of that type
     */
    public <S> S feature(Class<S> settingsType) {
        return features.of(settingsType);
    }

    /** The same configuration listening on another port (the command line's {@code --port}). */
    public GatewayConfig withPort(int port) {
        return new GatewayConfig(server.withPort(port), plugins, providers, models, keys, routing, features);
    }
}
