package dev.prism.core.cost;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The prices in force, by provider (its name in the configuration) and upstream model: each
 * provider's default price list (see {@link dev.prism.spi.ProviderFactory#priceList}) with the
 * configuration's {@code pricing} section laid over it. Immutable.
 */
public final class PriceCatalogue {
    /** OpenAI's dated snapshots (gpt-4o-mini-tts-2025-03-20) cost what their model costs. */
    private static final Pattern SNAPSHOT = Pattern.compile("(.+)-\\d{4}-\\d{2}-\\d{2}");

    private final Map<String, Map<String, ModelPrice>> byProvider;

    private PriceCatalogue(Map<String, Map<String, ModelPrice>> byProvider) {
        Map<String, Map<String, ModelPrice>> copy = new LinkedHashMap<>();
        byProvider.forEach((provider, models) -> copy.put(provider,
                Collections.unmodifiableMap(new LinkedHashMap<>(models))));
        this.byProvider = Collections.unmodifiableMap(copy);
    }

    /** @param byProvider each provider's prices, by upstream model */
    public static PriceCatalogue of(Map<String, Map<String, ModelPrice>> byProvider) {
        return new PriceCatalogue(byProvider);
    }

    /**
     * The prices of {@code upstreamModel} on {@code provider}: the model's own, or for a dated
     * snapshot ({@code name-YYYY-MM-DD}) that is not priced itself, its model's. Empty: unpriced.
     */
    public Optional<ModelPrice> price(String provider, String upstreamModel) {
        Map<String, ModelPrice> models = byProvider.getOrDefault(provider, Map.of());
        ModelPrice price = models.get(upstreamModel);
        if (price == null) {
            var snapshot = SNAPSHOT.matcher(upstreamModel);
            if (snapshot.matches()) {
                price = models.get(snapshot.group(1));
            }
        }
        return Optional.ofNullable(price);
    }

    /** Every price in force, by provider and then model, in the order they were given: for the admin API. */
    public Map<String, Map<String, ModelPrice>> byProvider() {
        return byProvider;
    }
}
