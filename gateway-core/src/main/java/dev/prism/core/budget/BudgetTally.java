package dev.prism.core.budget;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What each budget has spent and reserved: in this process ({@link BudgetBook}), or in the ledger's
 * database shared by every Prism on it ({@link SharedBudgetTally}). Thread-safe.
 */
interface BudgetTally {
    /** Whether any budget applies to calls of this key for this alias. */
    boolean governs(String keyName, String alias);

    /**
     * Sets {@code usd} aside in every budget of the key that applies to the alias, if it fits all
     * of them, or in none: a budget is spent when what is spent and reserved reaches its limit, and
     * an amount fits when it keeps them within it.
     *
     * @param callId the call the reservation is for
     * @return the reservation, or the first budget it did not fit
     * @throws dev.prism.core.ledger.LedgerUnavailableException when the figures cannot be read
     */
    Outcome reserve(String callId, String keyName, String alias, BigDecimal usd, Instant now);

    /** Replaces a reservation by what the call really cost (zero for a call that failed or was answered from the cache). */
    void settle(Reservation reservation, BigDecimal cost);

    sealed interface Outcome {
        record Reserved(Reservation reservation) implements Outcome {}

        record Refused(BudgetSpent why) implements Outcome {}
    }
}
