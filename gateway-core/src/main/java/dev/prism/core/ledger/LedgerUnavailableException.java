package dev.prism.core.ledger;

/**
 * The ledger's database could not be reached or refused a write. The message names the database
 * without credentials and is safe to log.
 */
public final class LedgerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LedgerUnavailableException(String message) {
        super(message, null, false, false);
    }
}
