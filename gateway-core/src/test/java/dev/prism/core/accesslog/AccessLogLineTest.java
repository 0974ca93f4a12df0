package dev.prism.core.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.ErrorKind;
import dev.prism.api.Operation;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.core.cost.CallCost;
import dev.prism.core.record.Attempt;
import dev.prism.core.record.CacheStatus;
import dev.prism.core.record.CompletedCall;
import dev.prism.core.record.MediaUnits;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessLogLineTest {
    private static final Instant START = Instant.parse("2026-01-02T03:04:05Z");

    private static CompletedCall served(String alias) {
        Usage usage = Usage.of(UsageUnit.CHARACTERS, 42);
        return new CompletedCall("call-1", "req-1", Optional.of("team"), Optional.of(Operation.SPEECH), Optional.of(alias),
                MediaUnits.of(usage), List.of(
                        Attempt.failed("a", "tts-1", START, Duration.ofMillis(5), 500, ErrorKind.UPSTREAM_FAILED),
                        Attempt.answered("b", "tts-1-hd", START.plusMillis(6), Duration.ofMillis(120))),
                CacheStatus.MISS, Optional.of("b"), Optional.of("tts-1-hd"), usage, 200, Optional.empty(), 61, 4000,
                START, START.plusMillis(250));
    }

    @Test
    void aServedCallIsOneLineWithEveryFact() throws Exception {
        AccessLogLine lines = new AccessLogLine(Optional.of(call -> CallCost.of(new BigDecimal("0.000630"), true)));

        String line = new String(lines.of(served("tts-1")), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("time").asText()).isEqualTo("2026-01-02T03:04:05.250Z");
        assertThat(json.get("key").asText()).isEqualTo("team");
        assertThat(json.get("endpoint").asText()).isEqualTo("speech");
        assertThat(json.get("provider").asText()).isEqualTo("b");
        assertThat(json.get("status").asInt()).isEqualTo(200);
        assertThat(json.has("error")).isFalse();
        assertThat(json.get("duration_ms").asDouble()).isEqualTo(250.0);
        assertThat(json.get("ttfb_ms").asDouble()).as("the answering attempt's").isEqualTo(120.0);
        assertThat(json.get("attempts").asInt()).isEqualTo(2);
        assertThat(json.get("cache").asText()).isEqualTo("miss");
        assertThat(json.get("units").get("characters").asInt()).isEqualTo(42);
        assertThat(json.get("estimated").asBoolean()).isTrue();
        assertThat(json.get("cost_usd").asText()).isEqualTo("0.00063");
        assertThat(json.get("bytes_out").asLong()).isEqualTo(4000);
    }

    @Test
    void textFromTheClientIsEscapedSoALineStaysOneLine() throws Exception {
        String alias = "evil\"}\n{\"status\":200";

        String line = new String(new AccessLogLine(Optional.empty()).of(served(alias)), StandardCharsets.UTF_8);

        assertThat(line.lines()).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("model").asText()).isEqualTo(alias);
        assertThat(json.has("cost_usd")).as("pricing off").isFalse();
    }

    @Test
    void theLogWritesWholeLinesAndACallCompletingAfterCloseStillGetsItsLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
        AccessLog log = new AccessLog(new AccessLogLine(Optional.empty()), () -> {
            opened.incrementAndGet();
            return out;
        });
        log.open();

        log.completed(served("tts-1"));
        log.completed(served("tts-1-hd"));
        log.close();
        // Its handler finished while the gateway stopped: nothing is lost, through a stream of its own.
        log.completed(served("after-close"));

        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(3).last().asString().contains("after-close");
        assertThat(opened).hasValue(2);
    }
}
