package dev.prism.core.budget;

import dev.prism.core.ledger.UsageLedger;
import dev.prism.core.ledger.UsageQuery;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The spend of a period as the usage ledger sums it: the priced calls' cost, cache hits at zero. */
final class LedgerSpendHistory implements SpendHistory {
    private final UsageLedger ledger;

    LedgerSpendHistory(UsageLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger is null");
    }

    @Override
    public BigDecimal spent(String keyName, Optional<String> alias, Instant from, Instant to) {
        UsageQuery query = UsageQuery.between(from, to).forKey(keyName);
        return ledger.usage(alias.map(query::forModel).orElse(query)).total().costUsd();
    }
}
