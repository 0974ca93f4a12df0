package dev.prism.core.ledger;

/**
 * The ledger's database could not be reached or refused a write. The message says what failed and
 * names the database without credentials ({@code cannot write 25 rows to
 * jdbc:postgresql://db:5432/prism: Connection refused}); it is safe to log.
 */
public final class LedgerUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LedgerUnavailableException(String message) {
        super(message, null, false, false);
    }
}
