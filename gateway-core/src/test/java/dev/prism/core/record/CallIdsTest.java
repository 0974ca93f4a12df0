package dev.prism.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CallIdsTest {
    @Test
    void callIdsAreVersion7UuidsThatSortByTheirStart() {
        Instant start = Instant.parse("2026-11-23T10:00:00.123Z");
        UUID earlier = UUID.fromString(CallIds.next(start));
        UUID later = UUID.fromString(CallIds.next(start.plusMillis(1)));

        assertThat(earlier.version()).isEqualTo(7);
        assertThat(earlier.variant()).isEqualTo(2);
        assertThat(earlier.getMostSignificantBits() >>> 16).isEqualTo(start.toEpochMilli());
        assertThat(CallIds.next(start).compareTo(CallIds.next(start.plusMillis(1)))).isNegative();
        assertThat(later.getMostSignificantBits() >>> 16).isEqualTo(start.toEpochMilli() + 1);
    }

    @Test
    void callsInTheSameMillisecondGetDistinctIds() {
        Instant start = Instant.parse("2026-11-23T10:00:00Z");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(CallIds.next(start));
        }
        assertThat(ids).hasSize(100_000);
    }

    @Test
    void aRecordHasItsOwnCallIdWhateverTheClientsRequestId() {
        CallRecord first = CallRecord.detached("req-reused", java.time.Clock.systemUTC());
        CallRecord second = CallRecord.detached("req-reused", java.time.Clock.systemUTC());

        assertThat(first.callId()).isNotEqualTo(second.callId());
        assertThat(first.requestId()).isEqualTo(second.requestId());
    }
}
