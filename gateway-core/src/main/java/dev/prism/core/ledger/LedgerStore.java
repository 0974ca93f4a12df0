package dev.prism.core.ledger;

import java.util.List;

/**
 * Where ledger rows are kept: a database, implemented by a back end ({@link LedgerBackend}). Only
 * the ledger's writer thread writes; queries may come from any thread.
 */
public interface LedgerStore extends UsageLedger, AutoCloseable {
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
}
