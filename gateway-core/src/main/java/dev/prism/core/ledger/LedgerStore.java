package dev.prism.core.ledger;

import dev.prism.core.keys.StoredKeys;
import java.util.List;

/**
 * Where ledger rows (and the keys made through the admin API) are kept: a database, implemented by
 * a back end ({@link LedgerBackend}). Only the ledger's writer thread writes rows; queries and the
 * stored keys may be used from any thread.
 */
public interface LedgerStore extends UsageLedger, StoredKeys, AutoCloseable {
    /**
     * Connects and brings the schema up to date. Called on the writer's thread, never on the
     * start-up path; called again after a failure, so it must be safe to repeat.
     *
     * @throws LedgerUnavailableException when the database cannot be reached or migrated
     */
    void open();

    /**
     * Writes the rows in one transaction. A row whose call id is already there is left as it is, so
     * writing a batch again after a failure whose outcome was unknown counts nothing twice.
     *
     * @throws LedgerUnavailableException when the rows could not be written; none of them were
     */
    void insert(List<LedgerRow> rows);

    /** Closes the connections; rows already written stay. */
    @Override
    void close();

    /**
     * The budget counters in this database, when Prisms share it: then budgets hold across them.
     * Empty for a database only one Prism can use (embedded H2), whose budgets are kept in memory.
     */
    default java.util.Optional<BudgetCounters> budgetCounters() {
        return java.util.Optional.empty();
    }
}
