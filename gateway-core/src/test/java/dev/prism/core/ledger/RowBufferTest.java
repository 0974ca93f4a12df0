package dev.prism.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RowBufferTest {
    private static final Duration LONG = Duration.ofMinutes(1);

    @Test
    void withoutALingerABatchIsWhatIsThere() {
        RowBuffer buffer = new RowBuffer(100);
        LedgerRows.speech(0, 3).forEach(buffer::offer);

        assertThat(buffer.take(10, LONG)).hasSize(3);
    }

    @Test
    void aFullBatchIsTakenAtOnceWhateverTheLinger() {
        RowBuffer buffer = new RowBuffer(100);
        LedgerRows.speech(0, 12).forEach(buffer::offer);

        assertThat(buffer.take(10, LONG, LONG)).hasSize(10);
        assertThat(buffer.take(10, LONG, Duration.ZERO)).hasSize(2);
    }

    @Test
    void aBatchWithRowsWaitsForMoreUntilItIsFullOrTheWriterIsToStop() throws Exception {
        RowBuffer buffer = new RowBuffer(100);
        List<LedgerRow> rows = LedgerRows.speech(0, 4);
        buffer.offer(rows.get(0));
        CompletableFuture<List<LedgerRow>> batch = CompletableFuture.supplyAsync(() -> buffer.take(10, LONG, LONG));

        rows.subList(1, 4).forEach(buffer::offer);
        buffer.wake();

        assertThat(batch.get(30, TimeUnit.SECONDS)).containsExactlyElementsOf(rows);
    }
}
