package dev.prism.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.api.ErrorKind;
import dev.prism.api.UsageUnit;
import dev.prism.core.record.CacheStatus;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerRowJsonTest {
    @Test
    void aRowSurvivesTheSpillFileExactly() {
        LedgerRow row = LedgerRows.speech(3);

        assertThat(LedgerRowJson.row(LedgerRowJson.line(row))).isEqualTo(row);
    }

    @Test
    void anUnpricedFailedRowWithoutModelSurvivesToo() {
        LedgerRow speech = LedgerRows.speech(4);
        LedgerRow row = new LedgerRow(speech.callId(), speech.started(), "req", "team-b", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of(UsageUnit.AUDIO_SECONDS, new BigDecimal("61.250")), true,
                Optional.empty(), new BigDecimal("0.0061250000"), true, CacheStatus.HIT, 502, Optional.of(ErrorKind.UPSTREAM_FAILED),
                0, 3);

        LedgerRow back = LedgerRowJson.row(LedgerRowJson.line(row));

        assertThat(back).isEqualTo(row);
        assertThat(back.unpriced()).isTrue();
        assertThat(back.failed()).isTrue();
    }

    @Test
    void aLineCutShortByACrashIsNotARow() {
        String line = LedgerRowJson.line(LedgerRows.speech(5));

        assertThatThrownBy(() -> LedgerRowJson.row(line.substring(0, line.length() / 2)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
