package dev.prism.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.api.ErrorKind;
import dev.prism.api.Operation;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.core.cost.CallCost;
import dev.prism.core.cost.CallPricing;
import dev.prism.core.record.CallRecord;
import dev.prism.core.record.CallRecorder;
import dev.prism.core.record.MediaUnits;
import dev.prism.testkit.Await;
import dev.prism.testkit.MutableClock;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerWriterTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final CallPricing FIXED_PRICE = call -> new CallCost(Optional.of(new BigDecimal("0.015")),
            BigDecimal.ZERO, false);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingAt("2026-11-23T10:00:00Z");
    private final FakeLedgerStore store = new FakeLedgerStore();
    private LedgerWriter writer;

    @AfterEach
    void close() {
        if (writer != null) {
            writer.close();
        }
    }

    private LedgerSettings settings(int queueRows, int batchRows, long spillMaxBytes) {
        return new LedgerSettings(true, "jdbc:fake:test", Optional.empty(), Optional.empty(), queueRows, batchRows,
                dir.resolve("spill"), spillMaxBytes, Duration.ofMillis(1), Duration.ofMillis(20), Duration.ofSeconds(1),
                Duration.ofSeconds(5), 2);
    }

    private LedgerWriter start(LedgerSettings settings, CallPricing pricing) {
        writer = new LedgerWriter(store, pricing, settings, clock);
        writer.start();
        return writer;
    }

    private LedgerWriter start(LedgerSettings settings) {
        return start(settings, FIXED_PRICE);
    }

    @Test
    void everyCompletedCallOfAKnownKeyLeavesOneRowWithItsCost() {
        start(settings(100, 10, 1 << 20));
        try (CallRecorder recorder = new CallRecorder(clock, List.of(writer), List.of())) {
            CallRecord served = recorder.begin("req-1");
            served.key("team-a");
            served.request(Operation.SPEECH, "tts-1", 40);
            served.measured(MediaUnits.of(Usage.of(UsageUnit.CHARACTERS, 16)));
            clock.advance(Duration.ofMillis(250));
            served.complete(200, null);

            CallRecord badInput = recorder.begin("req-1");
            badInput.key("team-a");
            badInput.endpoint(Operation.SPEECH);
            badInput.complete(400, ErrorKind.INVALID_REQUEST);

            CallRecord unknownKey = recorder.begin("req-3");
            unknownKey.complete(401, ErrorKind.AUTHENTICATION);
        }

        Await.until("two rows are written", () -> store.rowCount() == 2, WAIT);
        List<LedgerRow> rows = store.rows().values().stream().sorted((a, b) -> Integer.compare(a.status(), b.status()))
                .toList();
        LedgerRow ok = rows.get(0);
        assertThat(ok.requestId()).isEqualTo("req-1");
        assertThat(ok.keyName()).isEqualTo("team-a");
        assertThat(ok.modelAlias()).contains("tts-1");
        assertThat(ok.usage()).containsEntry(UsageUnit.CHARACTERS, BigDecimal.valueOf(16));
        assertThat(ok.costUsd()).contains(new BigDecimal("0.015"));
        assertThat(ok.latencyMillis()).isEqualTo(250);
        assertThat(ok.failed()).isFalse();
        LedgerRow refused = rows.get(1);
        // The client reused its request id: the rows stay apart, keyed by Prism's call id.
        assertThat(refused.requestId()).isEqualTo("req-1");
        assertThat(refused.callId()).isNotEqualTo(ok.callId());
        assertThat(refused.error()).contains(ErrorKind.INVALID_REQUEST);
        assertThat(refused.failed()).isTrue();
    }

    @Test
    void aPricingThatFailsLeavesTheRowUnpricedRatherThanLosingIt() {
        start(settings(100, 10, 1 << 20), call -> {
            throw new IllegalStateException("no catalogue");
        });
        try (CallRecorder recorder = new CallRecorder(clock, List.of(writer), List.of())) {
            CallRecord call = recorder.begin("req-1");
            call.key("team-a");
            call.complete(200, null);
        }

        Await.until("the row is written", () -> store.rowCount() == 1, WAIT);
        assertThat(store.rows().values().iterator().next().unpriced()).isTrue();
    }

    @Test
    void rowsThatGatherWhileAWriteRunsGoOutTogetherInBatchesOfAtMostBatchRows() throws Exception {
        start(settings(1000, 10, 1 << 20));
        store.holdNextInsert();
        writer.keep(LedgerRows.speech(0));
        store.awaitHeld();
        LedgerRows.speech(1, 25).forEach(writer::keep);
        store.release();

        Await.until("26 rows are written", () -> store.rowCount() == 26, WAIT);
        assertThat(store.batches()).containsExactly(1, 10, 10, 5);
    }

    @Test
    void closeWritesWhatIsStillHeld() throws Exception {
        start(settings(1000, 10, 1 << 20));
        store.holdNextInsert();
        writer.keep(LedgerRows.speech(0));
        store.awaitHeld();
        LedgerRows.speech(1, 99).forEach(writer::keep);
        Thread.ofVirtual().start(() -> {
            // Released once close has begun: the rows behind the held one are flushed by close.
            Await.until("close has begun", () -> store.insertsTried() > 0, WAIT);
            store.release();
        });

        writer.close();

        assertThat(store.rowCount()).isEqualTo(100);
        assertThat(store.closed()).isTrue();
        assertThat(spillFiles()).isEmpty();
    }

    @Test
    void anOutageKeepsRowsInMemoryThenInSpillFilesAndRecoveryWritesEachExactlyOnce() {
        store.down();
        start(settings(5, 10, 1 << 20));
        List<LedgerRow> rows = LedgerRows.speech(0, 50);
        rows.forEach(writer::keep);

        Await.until("rows beyond memory are spilled", () -> writer.backlog().spilledBytes() > 0, WAIT);
        assertThat(writer.backlog().databaseUp()).isFalse();
        assertThat(writer.backlog().inMemory()).isLessThanOrEqualTo(5);
        assertThat(store.rowCount()).isZero();

        // The first write after the outage goes through but its answer is lost: it is written again, harmlessly.
        store.failAfterWriting(1);
        store.up();

        Await.until("every row is written", () -> store.rowCount() == 50 && writer.backlog().spilledBytes() == 0, WAIT);
        assertThat(store.rows().keySet()).containsExactlyInAnyOrderElementsOf(rows.stream().map(LedgerRow::callId).toList());
        assertThat(store.rows().values()).containsExactlyInAnyOrderElementsOf(rows);
        assertThat(writer.backlog().lost()).isZero();
        assertThat(writer.backlog().databaseUp()).isTrue();
        assertThat(spillFiles()).isEmpty();
    }

    @Test
    void rowsBeyondMemoryAndTheSpillBoundAreCountedAsLost() {
        store.down();
        long oneRow = LedgerRowJson.line(LedgerRows.speech(0)).length() + 1;
        // Room for 3 rows in the spill files.
        start(settings(2, 10, oneRow * 3 + oneRow / 2));
        LedgerRows.speech(0, 20).forEach(writer::keep);
        Await.until("the writer holds what fits", () -> writer.backlog().lost() > 0, WAIT);
        writer.close();

        long lost = writer.backlog().lost();
        // Memory, the writer's hand and three spilled rows: everything else is counted, none silently gone.
        assertThat(lost).isBetween(20L - 2 - 10 - 3, 20L - 3);
        FakeLedgerStore later = new FakeLedgerStore();
        LedgerWriter next = new LedgerWriter(later, FIXED_PRICE, settings(2, 10, 1 << 20), clock);
        next.start();
        Await.until("what was kept is written", () -> later.rowCount() + lost == 20, WAIT);
        next.close();
    }

    @Test
    void rowsKeptWhileTheDatabaseWasDownAreWrittenAtTheNextStart() {
        store.down();
        start(settings(1000, 10, 1 << 20));
        LedgerRows.speech(0, 30).forEach(writer::keep);
        writer.close();
        assertThat(store.rowCount()).isZero();
        assertThat(spillFiles()).isNotEmpty();

        FakeLedgerStore restarted = new FakeLedgerStore();
        LedgerWriter next = new LedgerWriter(restarted, FIXED_PRICE, settings(1000, 10, 1 << 20), clock);
        next.start();
        Await.until("the spilled rows are written", () -> restarted.rowCount() == 30, WAIT);
        Await.until("the spill files are gone", () -> spillFiles().isEmpty(), WAIT);
        next.close();
    }

    @Test
    void aRowThatArrivesAfterCloseGoesToTheSpillFiles() {
        start(settings(1000, 10, 1 << 20));
        writer.close();

        writer.keep(LedgerRows.speech(7));

        assertThat(store.rowCount()).isZero();
        assertThat(writer.backlog().spilledBytes()).isPositive();
    }

    @Test
    void theDatabaseIsNotTouchedBeforeThereIsARowToWrite() {
        start(settings(1000, 10, 1 << 20));
        assertThat(store.opens()).isZero();

        writer.keep(LedgerRows.speech(1));

        Await.until("the row is written", () -> store.rowCount() == 1, WAIT);
        assertThat(store.opens()).isEqualTo(1);
    }

    private List<Path> spillFiles() {
        Path spill = dir.resolve("spill");
        if (!Files.isDirectory(spill)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spill)) {
            return files.toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
