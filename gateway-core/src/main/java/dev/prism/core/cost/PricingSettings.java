package dev.prism.core.cost;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code pricing:} section: prices the configuration sets, by provider name and upstream
 * model, over those of the providers' price lists (a model priced here is priced by this entry
 * alone).
 *
 * @param byProvider each provider's prices, by upstream model, in file order
 */
public record PricingSettings(Map<String, Map<String, ModelPrice>> byProvider) {
    /** No section: every provider's price list as it is. */
    public static final PricingSettings NONE = new PricingSettings(Map.of());

    public PricingSettings {
        Map<String, Map<String, ModelPrice>> copy = new LinkedHashMap<>();
        byProvider.forEach((provider, models) -> copy.put(provider,
                Collections.unmodifiableMap(new LinkedHashMap<>(models))));
        byProvider = Collections.unmodifiableMap(copy);
    }
}
