package dev.prism.core.cost;

import dev.prism.core.record.Attempt;
import dev.prism.core.record.CacheStatus;
import dev.prism.core.record.CompletedCall;
import dev.prism.core.record.MediaUnits;
import dev.prism.core.routing.ModelRoute;
import dev.prism.core.routing.ProviderTarget;
import java.util.Comparator;
import java.util.Objects;

/**
 * Prices calls from the {@link PriceCatalogue} in force: after the call from its record, and
 * before it from its measured units, so that a budget can reserve what a call will probably cost.
 * Thread-safe and immutable.
 *
 * <p>A call is billed only when an upstream's answer went to the client (a refused or failed call
 * bought nothing: {@link CallCost#NOTHING_SERVED}); a cache hit costs nothing and saved what it
 * would have cost; a model the catalogue has no price for is {@link CallCost#UNPRICED}, never $0.
 */
public final class CataloguePricing implements CallPricing {
    private final PriceCatalogue catalogue;

    public CataloguePricing(PriceCatalogue catalogue) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue is null");
    }

    /** The prices in force. */
    public PriceCatalogue catalogue() {
        return catalogue;
    }

    @Override
    public CallCost price(CompletedCall call) {
        if (call.cache() == CacheStatus.HIT) {
            return CallCost.cacheHit(costUpstream(call).usd().orElse(CallCost.ZERO_USD));
        }
        if (call.attempts().stream().noneMatch(Attempt::succeeded)) {
            return CallCost.NOTHING_SERVED;
        }
        return costUpstream(call);
    }

    private CallCost costUpstream(CompletedCall call) {
        if (call.provider().isEmpty() || call.upstreamModel().isEmpty()) {
            return CallCost.UNPRICED;
        }
        return catalogue.price(call.provider().get(), call.upstreamModel().get())
                .map(price -> BillingRules.bill(price, call.units(), call.usage()))
                .orElse(CallCost.UNPRICED);
    }

    /**
     * What a call with these measured units will cost on this model, as if the upstream reports
     * nothing: exact for characters, seconds and images; for a token-priced model, its published
     * estimate (marked estimated). {@link CallCost#UNPRICED} when the model has no price.
     */
    public CallCost estimate(String provider, String upstreamModel, MediaUnits units) {
        return catalogue.price(provider, upstreamModel)
                .map(price -> BillingRules.bill(price, units, units.usage()))
                .orElse(CallCost.UNPRICED);
    }

    /** {@link #estimate(String, String, MediaUnits)} for one target of an alias. */
    public CallCost estimate(ProviderTarget target, MediaUnits units) {
        return estimate(target.provider(), target.model(), units);
    }

    /**
     * The highest estimate among the alias's priced targets, since any of them may serve the call
     * (a fallback, a weighted pick); {@link CallCost#UNPRICED} when none of them is priced.
     */
    public CallCost estimate(ModelRoute route, MediaUnits units) {
        return route.targets().stream().map(target -> estimate(target, units))
                .filter(cost -> !cost.unpriced())
                .max(Comparator.comparing(cost -> cost.usd().orElseThrow()))
                .orElse(CallCost.UNPRICED);
    }
}
