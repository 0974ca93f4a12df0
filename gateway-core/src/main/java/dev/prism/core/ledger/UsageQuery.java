package dev.prism.core.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which rows to sum and how to group them.
 *
 * @param from the window's start, inclusive
 * @param to the window's end, exclusive
 * @param keyName only the calls of this key
 * @param modelAlias only the calls for this model alias
 * @param provider only the calls this provider answered
 * @param groupBy the grouping of the report's rows; empty for the total alone
 */
public record UsageQuery(
        Instant from,
        Instant to,
        Optional<String> keyName,
        Optional<String> modelAlias,
        Optional<String> provider,
        Optional<UsageGrouping> groupBy) {
    public UsageQuery {
        Objects.requireNonNull(from, "from is null");
        Objects.requireNonNull(to, "to is null");
        Objects.requireNonNull(keyName, "keyName is null");
        Objects.requireNonNull(modelAlias, "modelAlias is null");
        Objects.requireNonNull(provider, "provider is null");
        Objects.requireNonNull(groupBy, "groupBy is null");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the window ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** Every call in {@code [from, to)}, the total alone. */
    public static UsageQuery between(Instant from, Instant to) {
        return new UsageQuery(from, to, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public UsageQuery groupedBy(UsageGrouping grouping) {
        return new UsageQuery(from, to, keyName, modelAlias, provider, Optional.of(grouping));
    }

    public UsageQuery forKey(String name) {
        return new UsageQuery(from, to, Optional.of(name), modelAlias, provider, groupBy);
    }

    public UsageQuery forModel(String alias) {
        return new UsageQuery(from, to, keyName, Optional.of(alias), provider, groupBy);
    }

    public UsageQuery forProvider(String name) {
        return new UsageQuery(from, to, keyName, modelAlias, Optional.of(name), groupBy);
    }
}
