package dev.prism.core.ledger;

import java.util.Objects;
import java.util.Optional;

/**
 * One row of a {@link UsageReport}.
 *
 * @param group the key's name, the model alias, the provider or the UTC day ({@code 2026-11-23});
 *     empty for the calls that have none (a request refused before its model was read, a call no
 *     provider answered)
 * @param totals the sums over the group's calls
 */
public record UsageGroup(Optional<String> group, UsageTotals totals) {
    public UsageGroup {
        Objects.requireNonNull(group, "group is null");
        Objects.requireNonNull(totals, "totals is null");
    }
}
