package dev.prism.plugin.ledger.jdbc;

import static dev.prism.plugin.ledger.jdbc.LedgerStoreContract.served;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.ledger.BudgetCounters;
import dev.prism.core.ledger.BudgetCounters.Counter;
import dev.prism.core.ledger.LedgerSettings;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The budget counters' SQL, on each database the ledger runs on. */
abstract class BudgetCountersContract {
    static final Instant MONTH = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant NEXT_MONTH = Instant.parse("2026-12-01T00:00:00Z");

    static final Instant NOW = MONTH.plusSeconds(86_400);

    JdbcLedgerStore store;
    private int calls;

    /** A fresh call id. */
    String call() {
        return "call-" + ++calls;
    }

    abstract LedgerSettings settings();

    void empty() {}

    @BeforeEach
    void open() {
        empty();
        store = (JdbcLedgerStore) new JdbcLedgerBackend().create(settings());
        store.open();
    }

    @AfterEach
    void close() {
        store.close();
    }

    static Counter overall(String limit) {
        return new Counter("team-a", Optional.empty(), MONTH, NEXT_MONTH, new BigDecimal(limit));
    }

    static Counter tts(String limit) {
        return new Counter("team-a", Optional.of("tts-1"), MONTH, NEXT_MONTH, new BigDecimal(limit));
    }

    static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    @Test
    void aCounterStartsFromWhatTheLedgerHoldsForItsKeyModelAndPeriod() {
        store.insert(List.of(
                served("team-a", "tts-1", "mock", MONTH.plusSeconds(10), "0.30", 10),
                served("team-a", "whisper-1", "mock", MONTH.plusSeconds(20), "0.20", 10),
                served("team-a", "tts-1", "mock", MONTH.minusSeconds(1), "5", 10),
                served("team-a", "tts-1", "mock", NEXT_MONTH, "5", 10),
                served("team-b", "tts-1", "mock", MONTH.plusSeconds(30), "5", 10)));
        BudgetCounters counters = store.counters();

        // $0.50 of the key's $1 is spent this month, $0.30 of it on tts-1.
        assertThat(counters.reserve(call(), NOW, List.of(overall("1"), tts("0.80")), usd("0.50"))).isEmpty();
        Optional<BudgetCounters.Shortfall> overall = counters.reserve(call(), NOW, List.of(overall("1"), tts("10")), usd("0.01"));
        assertThat(overall).isPresent();
        assertThat(overall.get().index()).isZero();
        assertThat(overall.get().committed()).isEqualByComparingTo("1");
        Optional<BudgetCounters.Shortfall> model = counters.reserve(call(), NOW, List.of(overall("10"), tts("0.80")), usd("0.01"));
        assertThat(model.get().index()).isEqualTo(1);
        assertThat(model.get().committed()).isEqualByComparingTo("0.80");
    }

    @Test
    void aReservationIsMadeInEveryCounterOrInNone() {
        BudgetCounters counters = store.counters();
        assertThat(counters.reserve(call(), NOW, List.of(overall("1"), tts("0.50")), usd("0.40"))).isEmpty();
        assertThat(counters.reserve(call(), NOW, List.of(overall("1"), tts("0.50")), usd("0.20"))).isPresent();
        // The refused reservation left the overall counter as it was: $0.60 of it is still free.
        assertThat(counters.reserve(call(), NOW, List.of(overall("1")), usd("0.60"))).isEmpty();
        assertThat(counters.reserve(call(), NOW, List.of(overall("1")), usd("0.0000000001"))).isPresent();
    }

    @Test
    void settlingReplacesTheReservationByTheCost() {
        BudgetCounters counters = store.counters();
        assertThat(counters.reserve("served", NOW, List.of(overall("1")), usd("0.50"))).isEmpty();
        assertThat(counters.reserve("failed", NOW, List.of(overall("1")), usd("0.50"))).isEmpty();
        counters.settle("served", List.of(overall("1")), usd("0.45"));
        counters.settle("failed", List.of(overall("1")), BigDecimal.ZERO);
        // Settling twice gives nothing back twice.
        counters.settle("failed", List.of(overall("1")), BigDecimal.ZERO);

        assertThat(counters.reserve(call(), NOW, List.of(overall("1")), usd("0.56"))).isPresent();
        assertThat(counters.reserve(call(), NOW, List.of(overall("1")), usd("0.55"))).isEmpty();
        assertThat(counters.reserve(call(), NOW, List.of(overall("1")), BigDecimal.ZERO).orElseThrow().committed())
                .isEqualByComparingTo("1");
    }

    @Test
    void aReservationNeverSettledIsGivenBackWhenItExpiresAndASettlementAfterThatCountsOnlyTheCost() {
        BudgetCounters counters = store.counters();
        assertThat(counters.reserve("crashed", NOW, List.of(overall("1"), tts("1")), usd("0.70"))).isEmpty();
        assertThat(counters.reserve(call(), NOW.plus(BudgetCounters.HOLD), List.of(overall("1")), usd("0.31")))
                .isPresent();

        // Another Prism (a fresh store) reserving after the hold looks for expired reservations first.
        JdbcLedgerStore other = (JdbcLedgerStore) new JdbcLedgerBackend().create(settings());
        try {
            Instant later = NOW.plus(BudgetCounters.HOLD).plusSeconds(1);
            assertThat(other.counters().reserve("next", later, List.of(overall("1"), tts("1")), usd("0.90"))).isEmpty();
            // The call that was thought lost ends after all: its cost counts, its reservation is not given back twice.
            counters.settle("crashed", List.of(overall("1"), tts("1")), usd("0.10"));
            assertThat(other.counters().reserve(call(), later, List.of(overall("1")), usd("0.01")).orElseThrow()
                    .committed()).isEqualByComparingTo("1.00");
        } finally {
            other.close();
        }
    }

    @Test
    void eachPeriodHasItsOwnCounter() {
        BudgetCounters counters = store.counters();
        assertThat(counters.reserve(call(), NOW, List.of(overall("1")), usd("1"))).isEmpty();
        Counter december = new Counter("team-a", Optional.empty(), NEXT_MONTH, Instant.parse("2027-01-01T00:00:00Z"),
                usd("1"));
        assertThat(counters.reserve(call(), NOW, List.of(december), usd("1"))).isEmpty();
    }
}
