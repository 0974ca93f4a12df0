package dev.prism.core.budget;

import dev.prism.core.config.BudgetLimit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * Why a reservation was refused: the first budget it did not fit.
 *
 * @param alias the model alias whose budget it is; empty for the key's overall budget
 * @param committed what was spent and reserved in the period when the call asked
 * @param asked what the call would have reserved
 * @param resets when the period ends; {@link Instant#MAX} for a budget that never starts again
 */
record BudgetSpent(String keyName, Optional<String> alias, BudgetLimit limit, BigDecimal committed, BigDecimal asked,
        Instant resets) {
}
