package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.UsageUnit;
import dev.prism.core.cost.CallCost;
import dev.prism.core.cost.CallPricing;
import dev.prism.core.record.CompletedCall;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The mock provider answers with typed transcripts and audio; over real sockets the client gets
 * OpenAI's formats, rendered by the host, cached as sent, with the usage in the call's record.
 */
class MockRenderedIT {
    private static final String KEY = "sk-mock-rendered";
    private static final String INPUT = "The quick brown fox jumps over the lazy dog, twice over.";
    private static final BlockingQueue<CompletedCall> COMPLETED = new LinkedBlockingQueue<>();
    private static final byte[] THREE_SECOND_WAV = AudioBytes.wav(48_000);

    private static RunningPrism prism;

    @BeforeAll
    static void start() {
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  mock: { type: mock }
                models:
                  whisper-1: { targets: [ { provider: mock } ] }
                  cached-whisper: { targets: [ { provider: mock, model: whisper-1 } ], cache: true }
                  gpt-4o-mini-tts: { targets: [ { provider: mock } ] }
                keys:
                  - { name: ops, key: %s }
                cache: { provider: ehcache, disk_mb: 0, endpoints: [] }
                """.formatted(KEY);
        prism = RunningPrism.startListening(yaml, COMPLETED::add);
    }

    @AfterAll
    static void stop() {
        prism.close();
    }

    @BeforeEach
    void forget() {
        COMPLETED.clear();
    }

    private static HttpResponse<byte[]> transcribe(String model, String format, String... more) {
        Form form = Form.create().field("model", model).field("response_format", format);
        for (int i = 0; i + 1 < more.length; i += 2) {
            form.field(more[i], more[i + 1]);
        }
        HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", KEY,
                form.file("speech.wav", "audio/wav", THREE_SECOND_WAV));
        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        return response;
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** The record of the call that gave {@code response}: records arrive on threads of their own, a late one from an earlier test too. */
    private static CompletedCall recordOf(HttpResponse<?> response) throws InterruptedException {
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            CompletedCall call = COMPLETED.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(call).as("the completed record of request %s", requestId).isNotNull();
            if (call.requestId().equals(requestId)) {
                return call;
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TranscriptFormat.class)
    void everyTranscriptFormatIsRenderedWithItsContentType(TranscriptFormat format) {
        HttpResponse<byte[]> response = transcribe("whisper-1", format.wireName());

        assertThat(response.headers().firstValue("content-type")).hasValue(format.contentType());
        if (format.contentType().equals("application/json")) {
            assertThat(OpenAiErrors.json(response.body()).get("text").asText()).startsWith("Mock transcript of ");
        } else {
            assertThat(text(response)).doesNotStartWith("{").contains("Mock transcript of ");
        }
    }

    @Test
    void verboseJsonReportsTheUploadedWavsDurationAsItsUsage() {
        JsonNode verbose = OpenAiErrors.json(transcribe("whisper-1", "verbose_json", "timestamp_granularities[]", "word")
                .body());

        assertThat(verbose.get("task").asText()).isEqualTo("transcribe");
        assertThat(verbose.get("language").asText()).isEqualTo("english");
        assertThat(verbose.get("duration").asDouble()).isCloseTo(3.0, within(0.001));
        assertThat(verbose.get("usage").toString()).isEqualTo("{\"type\":\"duration\",\"seconds\":3}");
        JsonNode words = verbose.get("words");
        assertThat(words.get(words.size() - 1).get("end").asDouble()).isCloseTo(3.0, within(0.001));
    }

    @Test
    void srtAndVttAreOneCueCoveringTheAudio() {
        assertThat(text(transcribe("whisper-1", "srt"))).matches(Pattern.compile(
                "1\n00:00:00,000 --> 00:00:03,000\nMock transcript of \\d+ bytes \\(sha256 [0-9a-f]{8}\\)\\.\n\n"));
        assertThat(text(transcribe("whisper-1", "vtt"))).matches(Pattern.compile(
                "WEBVTT\n\n00:00:00\\.000 --> 00:00:03\\.000\nMock transcript of \\d+ bytes \\(sha256 [0-9a-f]{8}\\)\\.\n\n"));
    }

    @Test
    void diarizedJsonSplitsTheTextBetweenTwoSpeakers() {
        JsonNode diarized = OpenAiErrors.json(transcribe("whisper-1", "diarized_json").body());

        JsonNode segments = diarized.get("segments");
        assertThat(segments.findValuesAsText("speaker")).containsExactly("A", "B");
        assertThat(segments.get(0).get("text").asText() + " " + segments.get(1).get("text").asText())
                .isEqualTo(diarized.get("text").asText());
    }

    @Test
    void streamedTranscriptionSendsOneDeltaPerWordThenDoneWithTheUsage() {
        HttpResponse<byte[]> response = transcribe("whisper-1", "json", "stream", "true");

        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        List<JsonNode> events = ServerSentEvents.data(response.body());
        JsonNode done = events.getLast();
        assertThat(done.get("type").asText()).isEqualTo("transcript.text.done");
        assertThat(done.get("usage").get("seconds").asInt()).isEqualTo(3);
        assertThat(String.join("", events.subList(0, events.size() - 1).stream()
                .map(delta -> delta.get("delta").asText()).toList())).isEqualTo(done.get("text").asText());
    }

    @Test
    void theTranscriptsUsageIsReportedIntoTheCallsRecord() throws InterruptedException {
        HttpResponse<byte[]> response = transcribe("whisper-1", "text");

        assertThat(response.headers().firstValue("x-prism-usage")).hasValue("audio_seconds=3");
        CompletedCall call = recordOf(response);
        assertThat(call.usage().amount(UsageUnit.AUDIO_SECONDS)).hasValueSatisfying(seconds ->
                assertThat(seconds).isEqualByComparingTo(BigDecimal.valueOf(3)));
        // The mock is priced as OpenAI: whisper-1 at $0.006 a minute, by the second.
        assertThat(response.headers().firstValue("x-prism-cost")).hasValue("0.0003");
        assertThat(response.headers().firstValue("x-prism-cost")).hasValue(
                CallCost.format(prism.component(CallPricing.class).price(call).usd().orElseThrow()));
    }

    @Test
    void speechWhoseTokensArriveAtTheEndCarriesTheEstimateAndTheRecordTheFinalFigure() throws InterruptedException {
        HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", KEY,
                "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"" + INPUT + "\",\"voice\":\"alloy\",\"response_format\":\"wav\"}");

        // 56 characters at OpenAI's estimate of $0.015 per 1,000: the tokens come with the audio's end.
        assertThat(response.headers().firstValue("x-prism-cost")).hasValue("0.00084");
        assertThat(response.headers().firstValue("x-prism-usage")).hasValue("characters=56; estimated");
        CompletedCall call = recordOf(response);
        BigDecimal outputTokens = call.usage().amount(UsageUnit.OUTPUT_TOKENS).orElseThrow();
        CallCost settled = prism.component(CallPricing.class).price(call);
        assertThat(settled.estimated()).isFalse();
        // 14 text tokens in at $0.60 per 1M, the audio tokens out at $12 per 1M.
        assertThat(settled.usd()).hasValueSatisfying(usd -> assertThat(usd).isEqualByComparingTo(
                new BigDecimal("8.4").add(outputTokens.multiply(BigDecimal.valueOf(12))).movePointLeft(6)));
    }

    @Test
    void theCacheServesTheRenderedBytesTheClientGot() {
        HttpResponse<byte[]> miss = transcribe("cached-whisper", "srt");
        HttpResponse<byte[]> hit = transcribe("cached-whisper", "srt");

        assertThat(miss.headers().firstValue("x-prism-cache")).hasValue("MISS");
        assertThat(hit.headers().firstValue("x-prism-cache")).hasValue("HIT");
        assertThat(miss.headers().firstValue("x-prism-cost")).hasValue("0.0003");
        assertThat(hit.headers().firstValue("x-prism-cost")).as("a hit costs nothing").hasValue("0");
        assertThat(hit.body()).isEqualTo(miss.body());
        assertThat(hit.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void speechEventsCarryTheSameAudioAsRawSpeechAndEndWithTheUsage() throws InterruptedException {
        HttpResponse<byte[]> raw = prism.postJson("/v1/audio/speech", KEY,
                "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"" + INPUT + "\",\"voice\":\"alloy\",\"response_format\":\"mp3\"}");
        recordOf(raw);
        HttpResponse<byte[]> sse = prism.postJson("/v1/audio/speech", KEY, "{\"model\":\"gpt-4o-mini-tts\",\"input\":\""
                + INPUT + "\",\"voice\":\"alloy\",\"response_format\":\"mp3\",\"stream_format\":\"sse\"}");

        assertThat(raw.headers().firstValue("content-type")).hasValue("audio/mpeg");
        assertThat(sse.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        List<JsonNode> events = ServerSentEvents.data(sse.body());
        List<JsonNode> deltas = events.subList(0, events.size() - 1);
        assertThat(deltas).allSatisfy(event -> assertThat(event.get("type").asText()).isEqualTo("speech.audio.delta"));
        assertThat(ServerSentEvents.concatBase64(deltas, "audio")).isEqualTo(raw.body());
        JsonNode done = events.getLast();
        assertThat(done.get("type").asText()).isEqualTo("speech.audio.done");
        assertThat(done.get("usage").get("input_tokens").asInt()).isEqualTo(14); // 56 characters, four per token
        assertThat(done.get("usage").get("total_tokens").asInt())
                .isEqualTo(14 + done.get("usage").get("output_tokens").asInt());
        assertThat(recordOf(sse).usage().amount(UsageUnit.INPUT_TOKENS)).hasValue(BigDecimal.valueOf(14));
    }
}
