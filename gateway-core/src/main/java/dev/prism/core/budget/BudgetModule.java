package dev.prism.core.budget;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.config.KeyBudget;
import dev.prism.core.config.KeySpec;
import dev.prism.core.cost.CallPricing;
import dev.prism.core.cost.CataloguePricing;
import dev.prism.core.keys.StoredKeyLookup;
import dev.prism.core.ledger.BudgetCounters;
import dev.prism.core.ledger.LedgerStore;
import dev.prism.core.pipeline.CallPolicy;
import dev.prism.core.record.CallListener;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Enforces the keys' budgets ({@code keys[].budget}) as an admission policy that settles each call
 * when it is over. Installed with the prices, which budgets are counted in. The spend of a period
 * so far comes from the usage ledger when it is on; without it, budgets start from zero at each
 * start. When the ledger's database is shared by several Prisms (PostgreSQL), the budgets are kept
 * there ({@link BudgetCounters}) and hold across them; otherwise in memory.
 */
public final class BudgetModule extends AbstractModule {
    @Override
    protected void configure() {
        // Bound by the ledger's module when the ledger is on.
        OptionalBinder.newOptionalBinder(binder(), LedgerStore.class);
        Multibinder.newSetBinder(binder(), CallPolicy.class).addBinding().to(BudgetPolicy.class);
        Multibinder.newSetBinder(binder(), CallListener.class).addBinding().to(BudgetPolicy.class);
    }

    @Provides
    @Singleton
    BudgetPolicy policy(GatewayConfig config, Optional<LedgerStore> ledger, CataloguePricing estimates,
            CallPricing pricing, Clock clock, StoredKeyLookup storedKeys) {
        Map<String, KeyBudget> configured = config.keys().stream()
                .filter(key -> !key.budget().isNone())
                .collect(Collectors.toUnmodifiableMap(KeySpec::name, KeySpec::budget));
        KeyBudgets budgets = new KeyBudgets(configured,
                config.keys().stream().map(KeySpec::name).collect(Collectors.toUnmodifiableSet()),
                new StoredBudgets(storedKeys, config.models().keySet()));
        Optional<BudgetCounters> shared = ledger.flatMap(LedgerStore::budgetCounters);
        BudgetTally tally = shared.<BudgetTally>map(counters -> new SharedBudgetTally(budgets, counters))
                .orElseGet(() -> new BudgetBook(budgets,
                        ledger.<SpendHistory>map(LedgerSpendHistory::new).orElse(SpendHistory.NONE)));
        return new BudgetPolicy(tally, estimates, pricing, clock);
    }
}
