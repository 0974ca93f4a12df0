package dev.prism.core.cost;

import dev.prism.core.record.CompletedCall;

/**
 * Prices a call from its record: the usage the upstream reported where there is one, Prism's own
 * measured units otherwise. The ledger, budgets and the admin API read costs through this port.
 */
public interface CallPricing {
    CallCost price(CompletedCall call);
}
