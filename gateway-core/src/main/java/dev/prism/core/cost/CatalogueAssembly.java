package dev.prism.core.cost;

import dev.prism.core.config.ConfigException;
import dev.prism.core.plugin.ProviderPriceList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Puts the catalogue in force together: each provider's price list, then the configuration's prices over it. */
final class CatalogueAssembly {
    private static final System.Logger LOG = System.getLogger(CatalogueAssembly.class.getName());

    private CatalogueAssembly() {}

    /**
     * @param providers the configured providers' names
     * @param priceLists the price list each provider's factory named, if any
     * @throws ConfigException when the section prices a provider that is not configured, or a list is malformed
     */
    static PriceCatalogue assemble(Set<String> providers, Function<String, Optional<ProviderPriceList>> priceLists,
            PricingSettings settings) {
        for (String priced : settings.byProvider().keySet()) {
            if (!providers.contains(priced)) {
                throw new ConfigException("pricing." + priced, "no provider named '" + priced + "'"
                        + (providers.isEmpty() ? "" : ". Available: " + String.join(", ", providers)));
            }
        }
        Map<String, Map<String, ModelPrice>> lists = new HashMap<>();
        Map<String, Map<String, ModelPrice>> byProvider = new LinkedHashMap<>();
        for (String provider : providers) {
            Map<String, ModelPrice> models = new LinkedHashMap<>();
            priceLists.apply(provider).ifPresent(list -> models.putAll(
                    lists.computeIfAbsent(list.name(), name -> PriceListReader.readList(name, list.resource()))));
            models.putAll(settings.byProvider().getOrDefault(provider, Map.of()));
            if (models.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "Provider {0} has no prices: its calls are unpriced "
                        + "(no x-prism-cost) unless pricing.{0} prices its models", provider);
            }
            byProvider.put(provider, models);
        }
        return PriceCatalogue.of(byProvider);
    }
}
