package dev.prism.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.config.BudgetLimit;
import dev.prism.core.config.BudgetPeriod;
import dev.prism.core.config.KeyBudget;
import dev.prism.core.ledger.LedgerUnavailableException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BudgetBookTest {
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final AccountId TEAM_A = new AccountId("team-a", Optional.empty());
    private static final AccountId TEAM_A_TTS = new AccountId("team-a", Optional.of("tts-1"));

    /** What the ledger holds, and every question asked of it. */
    private final List<String> asked = new ArrayList<>();
    private BigDecimal recorded = BigDecimal.ZERO;
    private final SpendHistory history = (key, alias, from, to) -> {
        asked.add(key + " " + alias.orElse("*") + " " + from + " " + to);
        return recorded;
    };

    private static BudgetLimit limit(String usd, BudgetPeriod period) {
        return new BudgetLimit(new BigDecimal(usd), period);
    }

    private BudgetBook book(KeyBudget budget) {
        return new BudgetBook(Map.of("team-a", budget), history);
    }

    private static Reservation reserved(BudgetTally.Outcome outcome) {
        assertThat(outcome).isInstanceOf(BudgetTally.Outcome.Reserved.class);
        return ((BudgetTally.Outcome.Reserved) outcome).reservation();
    }

    private static BudgetSpent refused(BudgetTally.Outcome outcome) {
        assertThat(outcome).isInstanceOf(BudgetTally.Outcome.Refused.class);
        return ((BudgetTally.Outcome.Refused) outcome).why();
    }

    @Test
    void reservationsFitUntilTheLimitAndNoFurther() {
        BudgetBook book = book(new KeyBudget(Optional.of(limit("1.00", BudgetPeriod.MONTHLY)), Map.of()));
        reserved(book.reserve("call", "team-a", "tts-1", new BigDecimal("0.40"), NOW));
        reserved(book.reserve("call", "team-a", "tts-1", new BigDecimal("0.60"), NOW));
        BudgetSpent why = refused(book.reserve("call", "team-a", "tts-1", new BigDecimal("0.01"), NOW));
        assertThat(why.committed()).isEqualByComparingTo("1.00");
        assertThat(why.resets()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(book.totals(TEAM_A)).isEqualTo(new BudgetBook.Totals(BigDecimal.ZERO, new BigDecimal("1.00")));
    }

    @Test
    void aReservationThatDoesNotFitIsRefusedThoughSomethingIsLeft() {
        BudgetBook book = book(new KeyBudget(Optional.of(limit("1", BudgetPeriod.DAILY)), Map.of()));
        reserved(book.reserve("call", "team-a", "tts-1", new BigDecimal("0.70"), NOW));
        BudgetSpent why = refused(book.reserve("call", "team-a", "tts-1", new BigDecimal("0.31"), NOW));
        assertThat(why.asked()).isEqualByComparingTo("0.31");
        // What is left still takes a call that fits.
        reserved(book.reserve("call", "team-a", "tts-1", new BigDecimal("0.30"), NOW));
    }

    @Test
    void settlingReplacesTheReservationByTheRealCost() {
        BudgetBook book = book(new KeyBudget(Optional.of(limit("1", BudgetPeriod.DAILY)), Map.of()));
        Reservation served = reserved(book.reserve("call", "team-a", "tts-1", new BigDecimal("0.50"), NOW));
        Reservation failed = reserved(book.reserve("call", "team-a", "tts-1", new BigDecimal("0.50"), NOW));
        refused(book.reserve("call", "team-a", "tts-1", new BigDecimal("0.10"), NOW));

        book.settle(served, new BigDecimal("0.45"));
        book.settle(failed, BigDecimal.ZERO);

        assertThat(book.totals(TEAM_A).spent()).isEqualByComparingTo("0.45");
        assertThat(book.totals(TEAM_A).reserved()).isEqualByComparingTo("0");
        reserved(book.reserve("call", "team-a", "tts-1", new BigDecimal("0.55"), NOW));
        refused(book.reserve("call", "team-a", "tts-1", new BigDecimal("0.0000000001"), NOW));
    }

    @Test
    void aSpentBudgetRefusesEvenACallThatCostsNothing() {
        BudgetBook book = book(new KeyBudget(Optional.of(limit("0", BudgetPeriod.DAILY)), Map.of()));
        assertThat(refused(book.reserve("call", "team-a", "tts-1", BigDecimal.ZERO, NOW)).limit().usd()).isZero();
    }

    @Test
    void aCallMustFitTheKeysBudgetAndItsModelsBudgetAndIsReservedInBothOrNeither() {
        BudgetBook book = book(new KeyBudget(Optional.of(limit("10", BudgetPeriod.MONTHLY)),
                Map.of("tts-1", limit("1", BudgetPeriod.DAILY))));
        reserved(book.reserve("call", "team-a", "tts-1", new BigDecimal("0.80"), NOW));
        BudgetSpent why = refused(book.reserve("call", "team-a", "tts-1", new BigDecimal("0.30"), NOW));
        assertThat(why.alias()).contains("tts-1");
        // The refused call left the overall budget as it was.
        assertThat(book.totals(TEAM_A).reserved()).isEqualByComparingTo("0.80");
        assertThat(book.totals(TEAM_A_TTS).reserved()).isEqualByComparingTo("0.80");
        // Another model is held only by the overall budget.
        reserved(book.reserve("call", "team-a", "whisper-1", new BigDecimal("9.20"), NOW));
        BudgetSpent overall = refused(book.reserve("call", "team-a", "whisper-1", new BigDecimal("0.01"), NOW));
        assertThat(overall.alias()).isEmpty();
    }

    @Test
    void aKeyWithoutABudgetIsNotGoverned() {
        BudgetBook book = new BudgetBook(Map.of("team-a", new KeyBudget(Optional.empty(),
                Map.of("tts-1", limit("1", BudgetPeriod.DAILY)))), history);
        assertThat(book.governs("team-a", "tts-1")).isTrue();
        assertThat(book.governs("team-a", "whisper-1")).isFalse();
        assertThat(book.governs("team-b", "tts-1")).isFalse();
    }

    @Test
    void aPeriodStartsFromWhatTheLedgerHoldsReadOncePerPeriod() {
        recorded = new BigDecimal("0.90");
        BudgetBook book = book(new KeyBudget(Optional.of(limit("1", BudgetPeriod.DAILY)), Map.of()));
        refused(book.reserve("call", "team-a", "tts-1", new BigDecimal("0.20"), NOW));
        reserved(book.reserve("call", "team-a", "tts-1", new BigDecimal("0.10"), NOW.plusSeconds(60)));
        assertThat(asked).containsExactly("team-a * 2026-11-29T00:00:00Z 2026-11-30T00:00:00Z");
    }

    @Test
    void aNewPeriodStartsAgainAndALateSettlementLeavesItAlone() {
        BudgetBook book = book(new KeyBudget(Optional.of(limit("1", BudgetPeriod.DAILY)), Map.of()));
        Reservation yesterday = reserved(book.reserve("call", "team-a", "tts-1", new BigDecimal("1"), NOW));
        refused(book.reserve("call", "team-a", "tts-1", new BigDecimal("0.01"), NOW));

        Instant tomorrow = Instant.parse("2026-11-30T00:00:00Z");
        reserved(book.reserve("call", "team-a", "tts-1", new BigDecimal("0.60"), tomorrow));
        // The call admitted yesterday ends today: the ledger counts it yesterday, and so does the book.
        book.settle(yesterday, new BigDecimal("1"));
        assertThat(book.totals(TEAM_A)).isEqualTo(new BudgetBook.Totals(BigDecimal.ZERO, new BigDecimal("0.60")));
        assertThat(asked).containsExactly("team-a * 2026-11-29T00:00:00Z 2026-11-30T00:00:00Z",
                "team-a * 2026-11-30T00:00:00Z 2026-12-01T00:00:00Z");
    }

    @Test
    void aTotalBudgetNeverStartsAgain() {
        BudgetBook book = book(new KeyBudget(Optional.of(limit("1", BudgetPeriod.TOTAL)), Map.of()));
        book.settle(reserved(book.reserve("call", "team-a", "tts-1", new BigDecimal("1"), NOW)), new BigDecimal("1"));
        BudgetSpent why = refused(book.reserve("call", "team-a", "tts-1", new BigDecimal("0.01"), NOW.plusSeconds(400L * 86400)));
        assertThat(why.resets()).isEqualTo(Instant.MAX);
    }

    @Test
    void aLedgerThatCannotBeReadRefusesNothingSilentlyAndIsAskedAgain() {
        BudgetBook book = new BudgetBook(Map.of("team-a", new KeyBudget(Optional.of(limit("1", BudgetPeriod.DAILY)),
                Map.of())), (key, alias, from, to) -> {
                    throw new LedgerUnavailableException("down");
                });
        assertThatThrownBy(() -> book.reserve("call", "team-a", "tts-1", BigDecimal.ONE, NOW))
                .isInstanceOf(LedgerUnavailableException.class);
        assertThatThrownBy(() -> book.reserve("call", "team-a", "tts-1", BigDecimal.ONE, NOW))
                .isInstanceOf(LedgerUnavailableException.class);
    }

    @Test
    void concurrentReservationsNeverOvershoot() throws Exception {
        BudgetBook book = book(new KeyBudget(Optional.of(limit("0.10", BudgetPeriod.MONTHLY)),
                Map.of("tts-1", limit("0.05", BudgetPeriod.DAILY))));
        List<Future<BudgetTally.Outcome>> outcomes;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            outcomes = IntStream.range(0, 200).mapToObj(i -> threads.submit(
                    () -> book.reserve("call", "team-a", i % 2 == 0 ? "tts-1" : "whisper-1", new BigDecimal("0.01"), NOW))).toList();
        }
        long tts = 0;
        long whisper = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).get() instanceof BudgetTally.Outcome.Reserved) {
                if (i % 2 == 0) {
                    tts++;
                } else {
                    whisper++;
                }
            }
        }
        // Which model gets more depends on the threads' order; neither budget is ever overshot.
        assertThat(tts).isLessThanOrEqualTo(5);
        assertThat(tts + whisper).isEqualTo(10);
        assertThat(book.totals(TEAM_A_TTS).reserved()).isEqualByComparingTo(new BigDecimal("0.01").multiply(
                BigDecimal.valueOf(tts)));
        assertThat(book.totals(TEAM_A).reserved()).isEqualByComparingTo("0.10");
    }
}
