package dev.prism.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.api.ErrorKind;
import dev.prism.api.Operation;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.core.cost.CallCost;
import dev.prism.core.record.Attempt;
import dev.prism.core.record.CacheStatus;
import dev.prism.core.record.CompletedCall;
import dev.prism.core.record.MediaUnits;
import dev.prism.core.record.RefusingLimit;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallMetricsTest {
    private static final Instant START = Instant.parse("2026-11-29T10:00:00Z");

    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    private final CallMetrics metrics = new CallMetrics(provider.get("test"), new LabelValues(Set.of("tts-1")),
            Optional.of(call -> CallCost.of(new BigDecimal("0.015"), false)));

    private static CompletedCall call(String alias, int status, ErrorKind error, List<Attempt> attempts, Duration whole,
            Optional<RefusingLimit> limit) {
        return new CompletedCall("c-1", "req-1", Optional.of("team-a"), Optional.of(Operation.SPEECH), Optional.of(alias),
                MediaUnits.of(Usage.of(UsageUnit.CHARACTERS, 1000)), attempts, CacheStatus.MISS,
                attempts.isEmpty() ? Optional.empty() : Optional.of("openai"), Optional.of("tts-1"),
                Usage.of(UsageUnit.CHARACTERS, 1000), status, Optional.ofNullable(error), 100, 2000, START,
                START.plus(whole), limit);
    }

    private MetricData metric(Collection<MetricData> all, String name) {
        return all.stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
    }

    @Test
    void overheadIsTheWholeLessFailedAttemptsAndTheAnsweringAttemptUntilTheEnd() {
        // 100 ms of Prism, a failed attempt of 300 ms, 50 ms of backoff, then an answer streamed for 2 s.
        List<Attempt> attempts = List.of(
                Attempt.failed("openai", "tts-1", START.plusMillis(100), Duration.ofMillis(300), 503, ErrorKind.UNAVAILABLE),
                Attempt.answered("openai", "tts-1", START.plusMillis(450), Duration.ofMillis(200)));
        metrics.completed(call("tts-1", 200, null, attempts, Duration.ofMillis(2450), Optional.empty()));

        Collection<MetricData> all = reader.collectAllMetrics();
        HistogramPointData overhead = metric(all, "prism.overhead").getHistogramData().getPoints().iterator().next();
        assertThat(overhead.getSum()).isCloseTo(0.150, org.assertj.core.data.Offset.offset(1e-9));
        HistogramPointData firstByte = metric(all, "prism.time_to_first_byte").getHistogramData().getPoints().iterator()
                .next();
        assertThat(firstByte.getSum()).isCloseTo(0.650, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(metric(all, "prism.upstream.duration").getHistogramData().getPoints()).hasSize(2);
        assertThat(metric(all, "prism.cost.usd").getDoubleSumData().getPoints().iterator().next().getValue())
                .isEqualTo(0.015);
        assertThat(metric(all, "prism.media.units").getDoubleSumData().getPoints().iterator().next().getAttributes()
                .get(AttributeKey.stringKey("unit"))).isEqualTo("characters");
    }

    @Test
    void refusalsAreCountedByLimitAndBudgetAndCostNothing() {
        metrics.completed(call("tts-1", 429, ErrorKind.RATE_LIMITED, List.of(), Duration.ofMillis(2),
                Optional.of(new RefusingLimit("model", "max_concurrent"))));
        metrics.completed(call("tts-1", 429, ErrorKind.QUOTA_EXCEEDED, List.of(), Duration.ofMillis(2), Optional.empty()));

        Collection<MetricData> all = reader.collectAllMetrics();
        assertThat(metric(all, "prism.rate_limited").getLongSumData().getPoints()).singleElement()
                .satisfies(p -> assertThat(p.getAttributes()).isEqualTo(Attributes.of(AttributeKey.stringKey("owner"),
                        "model", AttributeKey.stringKey("limit"), "max_concurrent")));
        assertThat(metric(all, "prism.budget_refusals").getLongSumData().getPoints()).singleElement()
                .satisfies(p -> assertThat(p.getAttributes().get(AttributeKey.stringKey("key"))).isEqualTo("team-a"));
        assertThat(all).noneMatch(m -> m.getName().equals("prism.cost.usd") || m.getName().equals("prism.overhead"));
    }

    @Test
    void aModelNobodyConfiguredIsLabelledUnknown() {
        metrics.completed(call("made-up-" + System.nanoTime(), 404, ErrorKind.NOT_FOUND, List.of(), Duration.ofMillis(1),
                Optional.empty()));

        assertThat(metric(reader.collectAllMetrics(), "prism.requests").getLongSumData().getPoints()).singleElement()
                .satisfies(p -> assertThat(p.getAttributes().get(AttributeKey.stringKey("model"))).isEqualTo("unknown"));
    }
}
