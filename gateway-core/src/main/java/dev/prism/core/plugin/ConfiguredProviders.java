package dev.prism.core.plugin;

import dev.prism.core.config.ConfigException;
import dev.prism.core.config.ProviderSettings;
import dev.prism.spi.Provider;
import dev.prism.spi.ProviderContext;
import dev.prism.spi.ProviderFactory;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The providers of the configuration, created from their factories at startup, with the price
 * list each factory names for its provider.
 */
public final class ConfiguredProviders implements AutoCloseable {
    private static final Pattern PRICE_LIST_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final Map<String, Provider> providers;
    private final Map<String, ProviderPriceList> priceLists;

    private ConfiguredProviders(Map<String, Provider> providers, Map<String, ProviderPriceList> priceLists) {
        this.providers = providers;
        this.priceLists = priceLists;
    }

    public static ConfiguredProviders create(
            Map<String, ProviderSettings> settings, ProviderCatalog catalog, ProviderContext context) {
        Map<String, Provider> providers = new LinkedHashMap<>();
        Map<String, ProviderPriceList> priceLists = new LinkedHashMap<>();
        try {
            for (ProviderSettings s : settings.values()) {
                ProviderFactory factory = catalog.factory(s.type()).orElseThrow(() -> new ConfigException(
                        s.node().path() + ".type", "no provider type '" + s.type() + "'. Available: "
                                + String.join(", ", catalog.types())));
                NodeProviderConfig config = new NodeProviderConfig(s);
                Provider provider = PluginCalls.withLoaderOf(factory, () -> factory.create(config, context));
                providers.put(s.name(), provider);
                priceList(factory, config, s).ifPresent(list -> priceLists.put(s.name(), list));
                // Only now is it known which settings the plugin reads; the rest are typos.
                s.node().rejectUnknownKeys();
            }
        } catch (RuntimeException e) {
            providers.values().forEach(ConfiguredProviders::closeQuietly);
            throw e;
        }
        return new ConfiguredProviders(Map.copyOf(providers), Map.copyOf(priceLists));
    }

    private static Optional<ProviderPriceList> priceList(ProviderFactory factory, NodeProviderConfig config,
            ProviderSettings s) {
        Optional<String> named = PluginCalls.withLoaderOf(factory, () -> factory.priceList(config));
        if (named == null || named.isEmpty()) {
            return Optional.empty();
        }
        String name = named.get();
        if (!PRICE_LIST_NAME.matcher(name).matches()) {
            throw new ConfigException(s.node().path() + ".type", "the provider type '" + s.type()
                    + "' names the price list '" + name + "', which is not a price list name ([a-z0-9][a-z0-9-]*)");
        }
        String resource = ProviderPriceList.resourceOf(name);
        // The plugin's own jar first, so a plugin ships its prices; then Prism's, which holds the built-in lists.
        URL url = factory.getClass().getClassLoader().getResource(resource);
        if (url == null) {
            url = ConfiguredProviders.class.getClassLoader().getResource(resource);
        }
        if (url == null) {
            throw new ConfigException(s.node().path() + ".type", "the provider type '" + s.type()
                    + "' names the price list '" + name + "', but no " + resource + " is on its class path or Prism's");
        }
        return Optional.of(new ProviderPriceList(name, url));
    }

    /** The price list the provider's factory named for it, when it named one. */
    public Optional<ProviderPriceList> priceList(String provider) {
        return Optional.ofNullable(priceLists.get(provider));
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
