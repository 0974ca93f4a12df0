package dev.prism.core.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * What a key has already spent in a period, before this process counted anything: the ledger's
 * sum, read when a budget's period is first used.
 */
@FunctionalInterface
public interface SpendHistory {
    /** Nothing recorded anywhere: budgets start from zero (no ledger). */
    SpendHistory NONE = (keyName, alias, from, to) -> BigDecimal.ZERO;

    /**
     * The cost of the key's calls (for one alias, when given) that began in {@code [from, to)}.
     *
     * @throws dev.prism.core.ledger.LedgerUnavailableException when the record cannot be read
     */
    BigDecimal spent(String keyName, Optional<String> alias, Instant from, Instant to);
}
