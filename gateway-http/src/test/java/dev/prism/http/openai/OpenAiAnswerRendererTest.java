package dev.prism.http.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.AudioFormat;
import dev.prism.api.AudioStream;
import dev.prism.api.MediaResponse;
import dev.prism.api.SpeechRequest;
import dev.prism.api.Transcript;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.api.Voice;
import dev.prism.testkit.InMemoryUpload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Typed answers in OpenAI's shapes (docs: /work/shared/reference/openai-media-api.md, "Responses"). */
class OpenAiAnswerRendererTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEXT = "Hello there. General Kenobi.";

    private final OpenAiAnswerRenderer renderer = new OpenAiAnswerRenderer();

    /** Two segments, four words, two speakers, billed three seconds. */
    private static final Transcript TRANSCRIPT = new Transcript(TEXT, "english", 2.5,
            List.of(new Transcript.Segment(0, 0, 1.2, " Hello there."), new Transcript.Segment(1, 1.2, 2.5, " General Kenobi.")),
            List.of(new Transcript.Word("Hello", 0, 0.5), new Transcript.Word("there.", 0.5, 1.2),
                    new Transcript.Word("General", 1.2, 1.8), new Transcript.Word("Kenobi.", 1.8, 2.5)),
            List.of(new Transcript.SpeakerSegment("A", 0, 1.2, "Hello there."),
                    new Transcript.SpeakerSegment("B", 1.2, 2.5, "General Kenobi.")),
            Usage.of(UsageUnit.AUDIO_SECONDS, 3));

    private static TranscriptionRequest transcription(TranscriptFormat format, String... granularities) {
        return new TranscriptionRequest("whisper-1", new InMemoryUpload("a.wav", "audio/wav", new byte[10]), null, null,
                format, 0.2, List.of(granularities), false, List.of());
    }

    private static TranscriptionRequest streamedTranscription() {
        return new TranscriptionRequest("gpt-4o-transcribe", new InMemoryUpload("a.wav", "audio/wav", new byte[10]), null,
                null, TranscriptFormat.JSON, null, List.of(), true, List.of());
    }

    private static SpeechRequest speech(boolean sse) {
        return new SpeechRequest("gpt-4o-mini-tts", "Hi", Voice.named("alloy"), AudioFormat.WAV, 1.0, null, sse, false,
                Map.of());
    }

    private static String text(MediaResponse response) throws IOException {
        try (response) {
            return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private JsonNode json(TranscriptionRequest request) throws IOException {
        return JSON.readTree(text(renderer.transcript(TRANSCRIPT, request)));
    }

    @Test
    void jsonIsTheTextAndTheDurationUsage() throws IOException {
        assertThat(text(renderer.transcript(TRANSCRIPT, transcription(TranscriptFormat.JSON))))
                .isEqualTo("{\"text\":\"" + TEXT + "\",\"usage\":{\"type\":\"duration\",\"seconds\":3}}");
    }

    @Test
    void tokenUsageIsRenderedAsOpenAiTokensWithTheInputSplit() throws IOException {
        Transcript counted = new Transcript(TEXT, "", 2.5, List.of(), List.of(), List.of(),
                Usage.of(UsageUnit.INPUT_TEXT_TOKENS, 2).with(UsageUnit.INPUT_AUDIO_TOKENS, 20)
                        .with(UsageUnit.OUTPUT_TEXT_TOKENS, 8));

        JsonNode usage = JSON.readTree(text(renderer.transcript(counted, transcription(TranscriptFormat.JSON))))
                .get("usage");

        assertThat(usage.toString()).isEqualTo("{\"type\":\"tokens\",\"input_tokens\":22,"
                + "\"input_token_details\":{\"text_tokens\":2,\"audio_tokens\":20},\"output_tokens\":8,\"total_tokens\":30}");
    }

    @Test
    void noUsageReportedMeansNoUsageField() throws IOException {
        Transcript plain = Transcript.of(TEXT, "english", 2.5);

        assertThat(text(renderer.transcript(plain, transcription(TranscriptFormat.JSON))))
                .isEqualTo("{\"text\":\"" + TEXT + "\"}");
    }

    @Test
    void textIsThePlainTextWithATrailingNewline() throws IOException {
        assertThat(text(renderer.transcript(TRANSCRIPT, transcription(TranscriptFormat.TEXT)))).isEqualTo(TEXT + "\n");
    }

    @Test
    void srtHasOneNumberedCuePerSegment() throws IOException {
        assertThat(text(renderer.transcript(TRANSCRIPT, transcription(TranscriptFormat.SRT)))).isEqualTo("""
                1
                00:00:00,000 --> 00:00:01,200
                Hello there.

                2
                00:00:01,200 --> 00:00:02,500
                General Kenobi.

                """);
    }

    @Test
    void vttIsAWebVttFileWithOneCuePerSegment() throws IOException {
        assertThat(text(renderer.transcript(TRANSCRIPT, transcription(TranscriptFormat.VTT)))).isEqualTo("""
                WEBVTT

                00:00:00.000 --> 00:00:01.200
                Hello there.

                00:00:01.200 --> 00:00:02.500
                General Kenobi.

                """);
    }

    @Test
    void subtitlesOfATranscriptWithoutSegmentsHaveOneCueSpanningTheAudio() throws IOException {
        Transcript plain = Transcript.of(TEXT, "english", 3);

        assertThat(text(renderer.transcript(plain, transcription(TranscriptFormat.SRT))))
                .isEqualTo("1\n00:00:00,000 --> 00:00:03,000\n" + TEXT + "\n\n");
    }

    @Test
    void subtitleTimestampsCountHoursMinutesSecondsAndMillis() {
        assertThat(TranscriptRenderer.timestamp(3_723.4567, ',')).isEqualTo("01:02:03,457");
        assertThat(TranscriptRenderer.timestamp(59.9996, '.')).isEqualTo("00:01:00.000");
    }

    @Test
    void verboseJsonHasTaskLanguageDurationTextSegmentsAndUsageButNoWordsByDefault() throws IOException {
        JsonNode verbose = json(transcription(TranscriptFormat.VERBOSE_JSON));

        assertThat(verbose.fieldNames()).toIterable().containsExactly("task", "language", "duration", "text", "segments",
                "usage");
        assertThat(verbose.get("task").asText()).isEqualTo("transcribe");
        assertThat(verbose.get("language").asText()).isEqualTo("english");
        assertThat(verbose.get("duration").toString()).isEqualTo("2.5");
        JsonNode second = verbose.get("segments").get(1);
        assertThat(second.fieldNames()).toIterable().containsExactly("id", "seek", "start", "end", "text", "tokens",
                "temperature", "avg_logprob", "compression_ratio", "no_speech_prob");
        assertThat(second.get("id").asInt()).isEqualTo(1);
        assertThat(second.get("start").toString()).isEqualTo("1.2");
        assertThat(second.get("end").toString()).isEqualTo("2.5");
        assertThat(second.get("text").asText()).isEqualTo(" General Kenobi.");
        assertThat(second.get("tokens").isArray()).isTrue();
        assertThat(second.get("temperature").toString()).isEqualTo("0.2");
    }

    @Test
    void verboseJsonHasOnlyWordsWhenOnlyWordsAreAsked() throws IOException {
        JsonNode verbose = json(transcription(TranscriptFormat.VERBOSE_JSON, "word"));

        assertThat(verbose.has("segments")).isFalse();
        assertThat(verbose.get("words").toString()).isEqualTo("[{\"word\":\"Hello\",\"start\":0,\"end\":0.5},"
                + "{\"word\":\"there.\",\"start\":0.5,\"end\":1.2},{\"word\":\"General\",\"start\":1.2,\"end\":1.8},"
                + "{\"word\":\"Kenobi.\",\"start\":1.8,\"end\":2.5}]");
    }

    @Test
    void verboseJsonHasBothWhenBothAreAsked() throws IOException {
        JsonNode verbose = json(transcription(TranscriptFormat.VERBOSE_JSON, "word", "segment"));

        assertThat(verbose.get("words").size()).isEqualTo(4);
        assertThat(verbose.get("segments").size()).isEqualTo(2);
    }

    @Test
    void verboseJsonOfATranslationNamesItsTask() throws IOException {
        TranslationRequest translation = new TranslationRequest("whisper-1",
                new InMemoryUpload("a.wav", "audio/wav", new byte[10]), null, TranscriptFormat.VERBOSE_JSON, null, List.of());

        JsonNode verbose = JSON.readTree(text(renderer.transcript(TRANSCRIPT, translation)));

        assertThat(verbose.get("task").asText()).isEqualTo("translate");
        assertThat(verbose.get("text").asText()).isEqualTo(TEXT);
    }

    @Test
    void diarizedJsonHasOneSegmentPerSpeakerTurn() throws IOException {
        JsonNode diarized = json(transcription(TranscriptFormat.DIARIZED_JSON));

        assertThat(diarized.fieldNames()).toIterable().containsExactly("task", "duration", "text", "segments", "usage");
        assertThat(diarized.get("segments").toString()).isEqualTo("["
                + "{\"type\":\"transcript.text.segment\",\"id\":\"seg_0\",\"start\":0,\"end\":1.2,\"text\":\"Hello there.\",\"speaker\":\"A\"},"
                + "{\"type\":\"transcript.text.segment\",\"id\":\"seg_1\",\"start\":1.2,\"end\":2.5,\"text\":\"General Kenobi.\",\"speaker\":\"B\"}]");
    }

    @ParameterizedTest
    @EnumSource(TranscriptFormat.class)
    void everyFormatAnswersWithItsContentTypeJsonOnlyWhenItIsJson(TranscriptFormat format) throws IOException {
        MediaResponse response = renderer.transcript(TRANSCRIPT, transcription(format));

        assertThat(response.contentType()).isEqualTo(format.contentType());
        String body = text(response);
        if (format.contentType().equals("application/json")) {
            assertThat(JSON.readTree(body).get("text").asText()).isEqualTo(TEXT);
        } else {
            assertThat(body).doesNotStartWith("{");
        }
    }

    @Test
    void transcriptionEventsAreOneDeltaPerWordThenDoneWithTheTextAndUsage() throws IOException {
        MediaResponse response = renderer.transcript(TRANSCRIPT, streamedTranscription());

        assertThat(response.contentType()).isEqualTo("text/event-stream");
        assertThat(text(response)).isEqualTo("""
                data: {"type":"transcript.text.delta","delta":"Hello "}

                data: {"type":"transcript.text.delta","delta":"there. "}

                data: {"type":"transcript.text.delta","delta":"General "}

                data: {"type":"transcript.text.delta","delta":"Kenobi."}

                data: {"type":"transcript.text.done","text":"Hello there. General Kenobi.","usage":{"type":"duration","seconds":3}}

                """);
    }

    @Test
    void rawAudioPassesAsItCameWithTheFormatsContentType() throws IOException {
        byte[] audio = {1, 2, 3, 4};
        MediaResponse response = renderer.audio(new AudioStream(AudioFormat.WAV, 4, new java.io.ByteArrayInputStream(audio),
                () -> Usage.NONE), speech(false));

        assertThat(response.contentType()).isEqualTo("audio/wav");
        assertThat(response.contentLength()).isEqualTo(4);
        try (response) {
            assertThat(response.body().readAllBytes()).isEqualTo(audio);
        }
    }

    @Test
    void sseWrapsEachChunkAsABase64DeltaThenDoneWithTheTokenUsage() throws IOException {
        List<byte[]> chunks = List.of(new byte[] {1, 2, 3}, new byte[] {4, 5}, new byte[] {6});
        AudioStream audio = new AudioStream(AudioFormat.WAV, -1, new Chunks(chunks, new AtomicInteger()),
                () -> Usage.of(UsageUnit.INPUT_TOKENS, 14).with(UsageUnit.OUTPUT_AUDIO_TOKENS, 101));

        MediaResponse response = renderer.audio(audio, speech(true));

        assertThat(response.contentType()).isEqualTo("text/event-stream");
        assertThat(response.contentLength()).isEqualTo(-1);
        assertThat(text(response)).isEqualTo("""
                data: {"type":"speech.audio.delta","audio":"%s"}

                data: {"type":"speech.audio.delta","audio":"%s"}

                data: {"type":"speech.audio.delta","audio":"%s"}

                data: {"type":"speech.audio.done","usage":{"input_tokens":14,"output_tokens":101,"total_tokens":115}}

                """.formatted(base64(1, 2, 3), base64(4, 5), base64(6)));
    }

    @Test
    void sseSendsTheFirstDeltaBeforeTheNextChunkIsProduced() throws IOException {
        AtomicInteger produced = new AtomicInteger();
        AudioStream audio = new AudioStream(AudioFormat.PCM, -1,
                new Chunks(List.of(new byte[] {1}, new byte[] {2}, new byte[] {3}), produced), () -> Usage.NONE);

        try (MediaResponse response = renderer.audio(audio, speech(true))) {
            byte[] first = new byte[8192];
            int read = response.body().read(first);

            assertThat(new String(first, 0, read, StandardCharsets.UTF_8))
                    .isEqualTo("data: {\"type\":\"speech.audio.delta\",\"audio\":\"" + base64(1) + "\"}\n\n");
            assertThat(produced).hasValue(1);
        }
    }

    @Test
    void sseWithoutUsageEndsWithABareDone() throws IOException {
        AudioStream audio = new AudioStream(AudioFormat.PCM, -1, new Chunks(List.of(new byte[] {9}), new AtomicInteger()),
                () -> Usage.NONE);

        List<String> events = new ArrayList<>(List.of(text(renderer.audio(audio, speech(true))).split("\n\n")));

        assertThat(events.getLast()).isEqualTo("data: {\"type\":\"speech.audio.done\"}");
    }

    private static String base64(int... bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b : bytes) {
            out.write(b);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** Audio that yields the given chunks one per read, counting those it has produced. */
    private static final class Chunks extends InputStream {
        private final List<byte[]> chunks;
        private final AtomicInteger produced;

        Chunks(List<byte[]> chunks, AtomicInteger produced) {
            this.chunks = chunks;
            this.produced = produced;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("read in chunks");
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (produced.get() == chunks.size()) {
                return -1;
            }
            byte[] chunk = chunks.get(produced.getAndIncrement());
            System.arraycopy(chunk, 0, buffer, offset, chunk.length);
            return chunk.length;
        }
    }
}
