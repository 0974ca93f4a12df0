package dev.prism.core.cost;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.prism.core.budget.BudgetModule;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.plugin.ConfiguredProviders;

/** Wires {@link CallPricing} to the catalogue of the providers' price lists and the {@code pricing} section. */
final class PricingModule extends AbstractModule {
    private final PricingSettings settings;

    PricingModule(PricingSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), CallPricing.class).setBinding().to(CataloguePricing.class);
        // Budgets are counted in the prices' dollars, so they come with them.
        install(new BudgetModule());
    }

    /** Made at startup (a singleton of the production stage): a bad price list stops the gateway. */
    @Provides
    @Singleton
    CataloguePricing pricing(GatewayConfig config, ConfiguredProviders providers) {
        return new CataloguePricing(CatalogueAssembly.assemble(config.providers().keySet(), providers::priceList,
                settings));
    }
}
