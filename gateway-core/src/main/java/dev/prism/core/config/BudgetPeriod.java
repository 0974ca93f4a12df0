package dev.prism.core.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/** How long a budget lasts before it starts again: calendar periods in UTC, or never. */
public enum BudgetPeriod {
    /** From midnight UTC to the next. */
    DAILY,
    /** From the first of the month, midnight UTC, to the first of the next. */
    MONTHLY,
    /** Once for the key's whole life: it never starts again. */
    TOTAL;

    /** The far end of a period that never ends: late enough, and still a value every database stores. */
    static final Instant NEVER = Instant.parse("9999-01-01T00:00:00Z");

    /** The start of the period {@code now} falls in, inclusive. */
    public Instant start(Instant now) {
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
        return switch (this) {
            case DAILY -> day.atStartOfDay(ZoneOffset.UTC).toInstant();
            case MONTHLY -> day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            case TOTAL -> Instant.EPOCH;
        };
    }

    /** The end of the period {@code now} falls in, exclusive: when the budget starts again. */
    public Instant end(Instant now) {
        ZonedDateTime start = start(now).atZone(ZoneOffset.UTC);
        return switch (this) {
            case DAILY -> start.plusDays(1).toInstant();
            case MONTHLY -> start.plusMonths(1).toInstant();
            case TOTAL -> NEVER;
        };
    }

    /** As the configuration writes it: {@code monthly}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
