package dev.prism.core.cost;

import com.google.inject.Module;
import dev.prism.core.config.ConfigException;
import dev.prism.core.config.ConfigNode;
import dev.prism.core.feature.FeatureSettings;
import dev.prism.core.feature.GatewayFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code pricing:} section, and the pricing of every call ({@link CallPricing}), which is
 * always on: without the section, each provider's own price list applies.
 *
 * <pre>{@code
 * pricing:
 *   groq:                          # a provider's name under providers:
 *     whisper-large-v3:            # an upstream model, as targets name it
 *       per_hour: 0.111
 *       source: https://groq.com/pricing
 * }</pre>
 *
 * A provider named here must be configured; that is checked when the gateway is wired, since the
 * providers are another section.
 */
public final class PricingFeature implements GatewayFeature<PricingSettings> {
    @Override
    public String configKey() {
        return "pricing";
    }

    @Override
    public Class<PricingSettings> settingsType() {
        return PricingSettings.class;
    }

    @Override
    public PricingSettings read(ConfigNode section, FeatureSettings others) {
        if (section.isMissing()) {
            return PricingSettings.NONE;
        }
        if (!section.isMap()) {
            throw section.error("expected a map of provider names to the prices of their models");
        }
        Map<String, Map<String, ModelPrice>> byProvider = new LinkedHashMap<>();
        List<ConfigException> problems = new ArrayList<>();
        for (String provider : section.keys()) {
            ConfigNode models = section.child(provider);
            try {
                if (!models.isMap()) {
                    throw models.error("expected a map of upstream models to their prices, such as "
                            + "{ whisper-large-v3: { per_hour: 0.111 } }");
                }
                byProvider.put(provider, PriceListReader.models(models, PriceSource.CONFIG));
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
        if (!problems.isEmpty()) {
            throw ConfigException.of(problems);
        }
        return new PricingSettings(byProvider);
    }

    @Override
    public Optional<Module> module(PricingSettings settings) {
        return Optional.of(new PricingModule(settings));
    }
}
