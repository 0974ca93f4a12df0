package dev.prism.core.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Money set aside for one admitted call in every budget that applies to it, until the call is over
 * and its real cost replaces the amount.
 *
 * @param callId the call it is for
 * @param accounts the budgets the amount is reserved in, each with the start of the period it was reserved in
 * @param usd the amount, the same in each
 */
record Reservation(String callId, List<Held> accounts, BigDecimal usd) {
    record Held(AccountId account, Instant periodStart) {}

    Reservation {
        Objects.requireNonNull(callId, "callId is null");
        accounts = List.copyOf(accounts);
        Objects.requireNonNull(usd, "usd is null");
    }
}
