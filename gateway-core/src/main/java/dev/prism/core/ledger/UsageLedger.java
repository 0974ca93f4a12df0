package dev.prism.core.ledger;

/**
 * The ledger's read side: sums over the rows of a time window, for the admin API and budgets.
 * Bound when the ledger is on. Thread-safe; each call is one or two queries of the database.
 */
public interface UsageLedger {
    /**
     * The sums of the calls that began in {@code [query.from(), query.to())} and match its filters,
     * grouped as it asks, with the total over all groups.
     *
     * @throws LedgerUnavailableException when the database cannot be reached
     */
    UsageReport usage(UsageQuery query);
}
