package dev.prism.core.ledger;

import dev.prism.api.Operation;
import dev.prism.api.UsageUnit;
import dev.prism.core.record.CacheStatus;
import dev.prism.core.record.CallIds;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/** Ledger rows for tests. */
final class LedgerRows {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private LedgerRows() {}

    static LedgerRow speech(int n) {
        Instant started = T0.plusMillis(n);
        return new LedgerRow(CallIds.next(started), started, "req-" + n, "team-a", Optional.of(Operation.SPEECH),
                Optional.of("tts-1"), Optional.of("openai"), Optional.of("tts-1"),
                Map.of(UsageUnit.CHARACTERS, BigDecimal.valueOf(16)), false, Optional.of(new BigDecimal("0.00024")),
                BigDecimal.ZERO, false, CacheStatus.MISS, 200, Optional.empty(), 120, 1);
    }

    static List<LedgerRow> speech(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(LedgerRows::speech).toList();
    }
}
