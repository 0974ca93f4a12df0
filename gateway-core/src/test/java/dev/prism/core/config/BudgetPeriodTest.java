package dev.prism.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {
    @Test
    void aDayRunsFromMidnightUtcToTheNext() {
        Instant now = Instant.parse("2026-11-29T23:59:59.999Z");
        assertThat(BudgetPeriod.DAILY.start(now)).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
        assertThat(BudgetPeriod.DAILY.end(now)).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(BudgetPeriod.DAILY.start(Instant.parse("2026-11-30T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
    }

    @Test
    void aMonthRunsFromTheFirstToTheFirstOfTheNextAcrossTheYear() {
        Instant now = Instant.parse("2026-12-31T12:00:00Z");
        assertThat(BudgetPeriod.MONTHLY.start(now)).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(BudgetPeriod.MONTHLY.end(now)).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(BudgetPeriod.MONTHLY.end(Instant.parse("2028-02-10T00:00:00Z")))
                .isEqualTo(Instant.parse("2028-03-01T00:00:00Z"));
    }

    @Test
    void aTotalBudgetNeverStartsAgain() {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");
        assertThat(BudgetPeriod.TOTAL.start(now)).isEqualTo(Instant.EPOCH);
        assertThat(BudgetPeriod.TOTAL.end(now)).isAfter(Instant.parse("9000-01-01T00:00:00Z"));
        assertThat(BudgetPeriod.TOTAL.start(Instant.parse("2030-01-01T00:00:00Z"))).isEqualTo(Instant.EPOCH);
    }
}
