package dev.prism.core.ledger;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What the rows of a {@link UsageReport} are per. */
public enum UsageGrouping {
    /** Per virtual key's name. */
    KEY,
    /** Per model alias the clients asked for. */
    MODEL,
    /** Per provider that answered. */
    PROVIDER,
    /** Per calendar day in UTC ({@code 2026-11-23}), by the calls' start. */
    DAY;

    /** The name in the admin API ({@code group_by=model}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<UsageGrouping> fromWireName(String name) {
        return Arrays.stream(values()).filter(g -> g.wireName().equals(name)).findFirst();
    }
}
