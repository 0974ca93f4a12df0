package dev.prism.testkit;

import dev.prism.spi.Provider;
import dev.prism.spi.ProviderConfig;
import dev.prism.spi.ProviderContext;
import dev.prism.spi.ProviderFactory;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Type {@code fake}: serves the {@link FakeProvider} registered under the configured provider's
 * name, so a test configures Prism with YAML and scripts the providers in Java. Its one setting,
 * {@code price_list} (such as {@code openai}), names the price list its calls are priced by; without
 * it they are unpriced.
 */
public final class FakeProviderFactory implements ProviderFactory {
    private static final Map<String, FakeProvider> REGISTERED = new ConcurrentHashMap<>();

    /** Makes {@code provider} the one created for the configured provider of the same name. */
    public static FakeProvider register(FakeProvider provider) {
        REGISTERED.put(provider.name(), provider);
        return provider;
    }

    @Override
    public String type() {
        return "fake";
    }

    @Override
    public java.util.Set<String> secretKeys() {
        return java.util.Set.of();
    }

    @Override
    public Provider create(ProviderConfig config, ProviderContext context) {
        return REGISTERED.computeIfAbsent(config.name(), FakeProvider::named);
    }

    @Override
    public Optional<String> priceList(ProviderConfig config) {
        return config.string("price_list");
    }
}
