package dev.prism.core.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Budget counters kept in the ledger's database, so that every Prism sharing the database shares
 * each key's budgets: what each budget has spent and reserved in a period, changed only by atomic
 * updates of the database. Thread-safe.
 *
 * <p>Each reservation is also kept by its call id until it is settled, for at most {@link #HOLD}:
 * the reservations of a Prism that crashed with calls in flight are given back after that, by
 * whichever Prism reserves next.
 */
public interface BudgetCounters {
    /** How long a reservation that is never settled is held. A call settled later is still counted, as spent. */
    java.time.Duration HOLD = java.time.Duration.ofHours(1);

    /**
     * One budget in one period.
     *
     * @param alias the model alias of a model's budget; empty for the key's overall budget
     * @param periodStart the period's start, inclusive: the counter's identity with the key and alias
     * @param periodEnd the period's end, exclusive: where the ledger's sum that starts the counter ends
     * @param limit the budget's limit in US dollars
     */
    record Counter(String keyName, Optional<String> alias, Instant periodStart, Instant periodEnd, BigDecimal limit) {
        public Counter {
            Objects.requireNonNull(keyName, "keyName is null");
            Objects.requireNonNull(alias, "alias is null");
            Objects.requireNonNull(periodStart, "periodStart is null");
            Objects.requireNonNull(periodEnd, "periodEnd is null");
            Objects.requireNonNull(limit, "limit is null");
        }
    }

    /**
     * The counter a reservation did not fit.
     *
     * @param index its place in the list asked for
     * @param committed what it had spent and reserved
     */
    record Shortfall(int index, BigDecimal committed) {}

    /**
     * Adds {@code usd} to the reserved amount of every counter, if it fits each (what is spent and
     * reserved stays below the limit before, and within it after), or to none. A counter that does
     * not exist yet starts from the ledger's sum of the cost of the key's calls (for the alias, if
     * any) that began in its period.
     *
     * @param callId the call the reservation is for, which {@link #settle} names
     * @param now the time of the reservation: it is held until {@code now} plus {@link #HOLD}
     * @return empty when reserved, else the first counter it did not fit
     * @throws LedgerUnavailableException when the database cannot be reached; nothing was reserved
     */
    Optional<Shortfall> reserve(String callId, Instant now, List<Counter> counters, BigDecimal usd);

    /**
     * Gives back the call's reservation in every counter (unless it was already given back, after
     * {@link #HOLD}) and adds {@code cost} to its spend.
     *
     * @throws LedgerUnavailableException when the database cannot be reached; nothing was changed
     */
    void settle(String callId, List<Counter> counters, BigDecimal cost);
}
