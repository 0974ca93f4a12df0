package dev.prism.core.plugin;

import dev.prism.core.config.ConfigException;
import dev.prism.core.config.ProviderSettings;
import dev.prism.spi.Provider;
import dev.prism.spi.ProviderContext;
import dev.prism.spi.ProviderFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The providers of the configuration, created from their factories at startup. */
public final class ConfiguredProviders implements AutoCloseable {
    private final Map<String, Provider> providers;

    private ConfiguredProviders(Map<String, Provider> providers) {
        this.providers = providers;
    }

    public static ConfiguredProviders create(
            Map<String, ProviderSettings> settings, ProviderCatalog catalog, ProviderContext context) {
        Map<String, Provider> providers = new LinkedHashMap<>();
        try {
            for (ProviderSettings s : settings.values()) {
                ProviderFactory factory = catalog.factory(s.type()).orElseThrow(() -> new ConfigException(
                        s.node().path() + ".type", "no provider type '" + s.type() + "'. Available: "
                                + String.join(", ", catalog.types())));
                Provider provider = PluginCalls.withLoaderOf(factory, () -> factory.create(new NodeProviderConfig(s), context));
                providers.put(s.name(), provider);
                // Only now is it known which settings the plugin reads; the rest are typos.
                s.node().rejectUnknownKeys();
            }
        } catch (RuntimeException e) {
            providers.values().forEach(ConfiguredProviders::closeQuietly);
            throw e;
        }
        return new ConfiguredProviders(Map.copyOf(providers));
    }

    public Optional<Provider> byName(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    public Map<String, Provider> all() {
        return providers;
    }

    @Override
    public void close() {
        providers.values().forEach(ConfiguredProviders::closeQuietly);
    }

    private static void closeQuietly(Provider provider) {
        try {
            PluginCalls.runWithLoaderOf(provider, provider::close);
        } catch (RuntimeException e) {
            System.getLogger(ConfiguredProviders.class.getName()).log(System.Logger.Level.WARNING,
                    "Provider " + provider.name() + " failed to close", e);
        }
    }
}
