package dev.prism.core.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.api.AudioFormat;
import dev.prism.api.ErrorKind;
import dev.prism.api.ImageRequest;
import dev.prism.api.Operation;
import dev.prism.api.SpeechRequest;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.api.Voice;
import dev.prism.testkit.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallRecordTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    private final BlockingQueue<CompletedCall> heard = new LinkedBlockingQueue<>();

    @Test
    void listenersHearOfACallExactlyOnceWhateverCompletesItAndHowOften() throws Exception {
        try (CallRecorder recorder = new CallRecorder(clock, List.of(heard::add), List.of())) {
            CallRecord record = recorder.begin("req_1");
            record.complete(200, null);
            record.complete(499, null);
            record.complete(500, ErrorKind.INTERNAL);
        }

        assertThat(heard).singleElement().extracting(CompletedCall::status).isEqualTo(200);
    }

    @Test
    void aFailingOrSlowListenerNeitherDelaysTheRequestNorStopsAnother() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CallListener slow = call -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CallListener failing = call -> {
            throw new IllegalStateException("the ledger is down");
        };
        try (CallRecorder recorder = new CallRecorder(clock, List.of(slow, failing, heard::add), List.of())) {
            recorder.begin("req_2").complete(200, null);

            assertThat(heard.poll(10, TimeUnit.SECONDS)).isNotNull();
            release.countDown();
        }
    }

    @Test
    void theCompletedCallHoldsWhatWasWrittenAndReportedUsageWinsPerUnit() throws Exception {
        CallRecord record = new CallRecorder(clock, List.of(heard::add), List.of()).begin("req_3");
        record.key("backend");
        record.request(Operation.TRANSCRIPTION, "whisper-1", 4096);
        record.measured(MediaUnits.of(Usage.NONE.with(UsageUnit.AUDIO_SECONDS, new BigDecimal("2.000")).asEstimate()));
        record.attempted(Attempt.failed("a", "whisper-1", clock.instant(), Duration.ofMillis(5), 503, ErrorKind.UPSTREAM_FAILED));
        record.attempted(Attempt.answered("b", "whisper-large", clock.instant(), Duration.ofMillis(40)));
        record.reportUsage(Usage.of(UsageUnit.AUDIO_SECONDS, 3).with(UsageUnit.OUTPUT_TOKENS, 12));
        record.addBytesOut(100);
        clock.advance(Duration.ofMillis(250));
        record.complete(200, null);

        // Listeners hear of it on a thread of their own.
        CompletedCall call = heard.poll(10, TimeUnit.SECONDS);
        assertThat(call.keyName()).contains("backend");
        assertThat(call.endpoint()).contains(Operation.TRANSCRIPTION);
        assertThat(call.attempts()).hasSize(2);
        assertThat(call.provider()).contains("b");
        assertThat(call.upstreamModel()).contains("whisper-large");
        assertThat(call.units().usage().amount(UsageUnit.AUDIO_SECONDS)).contains(new BigDecimal("2.000"));
        assertThat(call.usage().amount(UsageUnit.AUDIO_SECONDS)).contains(BigDecimal.valueOf(3));
        assertThat(call.usage().amount(UsageUnit.OUTPUT_TOKENS)).contains(BigDecimal.valueOf(12));
        // The estimate was replaced by the report for the only unit it covered.
        assertThat(call.usage().estimated()).isFalse();
        assertThat(call.bytesIn()).isEqualTo(4096);
        assertThat(call.bytesOut()).isEqualTo(100);
        assertThat(call.duration()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void attemptListenersHearEachAttemptAsItEnds() {
        BlockingQueue<Attempt> attempts = new LinkedBlockingQueue<>();
        CallRecord record = new CallRecorder(clock, List.of(), List.of((call, attempt) -> attempts.add(attempt))).begin("r");

        record.attempted(Attempt.failed("a", "m", clock.instant(), Duration.ZERO, 0, ErrorKind.UPSTREAM_TIMEOUT));

        assertThat(attempts).singleElement().extracting(Attempt::provider).isEqualTo("a");
    }

    @Test
    void speechIsMeasuredInCodePointsAndImagesByCountSizeAndQuality() {
        MediaMeter meter = new MediaMeter(upload -> Usage.NONE);
        String input = "Grüße 👋";

        MediaUnits speech = meter.measure(new SpeechRequest("tts-1", input, Voice.named("alloy"), AudioFormat.MP3, 1.0, null,
                false, false, Map.of()));
        MediaUnits images = meter.measure(new ImageRequest("dall-e-3", "a prism", 3, "1792x1024", "hd", null, null, null,
                null, null, null, null, false, null, Map.of()));

        assertThat(speech.usage().amount(UsageUnit.CHARACTERS)).contains(BigDecimal.valueOf(7));
        assertThat(images.usage().amount(UsageUnit.IMAGES)).contains(BigDecimal.valueOf(3));
        assertThat(images.imageSize()).contains("1792x1024");
        assertThat(images.imageQuality()).contains("hd");
    }
}
