package dev.prism.core.ledger;

import java.util.List;
import java.util.Objects;

/**
 * The answer to a {@link UsageQuery}.
 *
 * @param query what was asked
 * @param groups one row per group, in the order of the groups' names (days in order), the calls
 *     without one last; empty when the query groups nothing
 * @param total the sums over every matching call: the groups' sums added up
 */
public record UsageReport(UsageQuery query, List<UsageGroup> groups, UsageTotals total) {
    public UsageReport {
        Objects.requireNonNull(query, "query is null");
        groups = List.copyOf(groups);
        Objects.requireNonNull(total, "total is null");
    }
}
