package dev.prism.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.AudioFormat;
import dev.prism.api.MediaResponse;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.Upload;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.InMemoryUpload;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MockTranscriptionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockProvider provider =
            new MockProviderFactory().create(FakeProviderConfig.named("mock"), FakeProviderContext.create());
    private final Upload threeSecondWav = generated("x".repeat(50), AudioFormat.WAV, "speech.wav", "audio/wav");

    private MediaResponse transcribe(TranscriptionRequest request) {
        return provider.transcribe(request, Requests.call(request.model()));
    }

    private JsonNode json(TranscriptionRequest request) throws Exception {
        return JSON.readTree(Requests.text(transcribe(request)));
    }

    @Test
    void verboseJsonReportsTheUploadedWavsDuration() throws Exception {
        JsonNode verbose = json(Requests.transcription(threeSecondWav, TranscriptFormat.VERBOSE_JSON));

        assertThat(verbose.get("task").asText()).isEqualTo("transcribe");
        assertThat(verbose.get("language").asText()).isEqualTo("english");
        assertThat(verbose.get("duration").asDouble()).isCloseTo(3.0, within(0.001));
        assertThat(verbose.get("usage").get("type").asText()).isEqualTo("duration");
        assertThat(verbose.get("usage").get("seconds").asInt()).isEqualTo(3);
    }

    @Test
    void verboseJsonHasSegmentsByDefaultAndNoWords() throws Exception {
        JsonNode verbose = json(Requests.transcription(threeSecondWav, TranscriptFormat.VERBOSE_JSON));

        assertThat(verbose.has("words")).isFalse();
        JsonNode segment = verbose.get("segments").get(0);
        assertThat(segment.get("start").asDouble()).isZero();
        assertThat(segment.get("end").asDouble()).isCloseTo(3.0, within(0.001));
        assertThat(segment.get("text").asText()).isEqualTo(verbose.get("text").asText());
        assertThat(segment.get("tokens").isArray()).isTrue();
        assertThat(segment.fieldNames()).toIterable().contains("id", "seek", "temperature", "avg_logprob",
                "compression_ratio", "no_speech_prob");
    }

    @Test
    void verboseJsonHasWordsSpreadOverTheDurationWhenAsked() throws Exception {
        JsonNode verbose = json(Requests.transcription(threeSecondWav, TranscriptFormat.VERBOSE_JSON, "word"));

        assertThat(verbose.has("segments")).isFalse();
        JsonNode words = verbose.get("words");
        assertThat(words.size()).isEqualTo(verbose.get("text").asText().split(" ").length);
        assertThat(words.get(0).get("start").asDouble()).isZero();
        assertThat(words.get(words.size() - 1).get("end").asDouble()).isCloseTo(3.0, within(0.001));
        for (int i = 1; i < words.size(); i++) {
            assertThat(words.get(i).get("start").asDouble()).isEqualTo(words.get(i - 1).get("end").asDouble());
        }
    }

    @Test
    void verboseJsonHasBothWhenBothAreAsked() throws Exception {
        JsonNode verbose =
                json(Requests.transcription(threeSecondWav, TranscriptFormat.VERBOSE_JSON, "word", "segment"));

        assertThat(verbose.has("words")).isTrue();
        assertThat(verbose.has("segments")).isTrue();
    }

    @Test
    void textNamesTheUploadsSizeAndHashSoEachFileGetsItsOwn() throws Exception {
        JsonNode answer = json(Requests.transcription(threeSecondWav, TranscriptFormat.JSON));

        assertThat(answer.get("text").asText()).isEqualTo("Mock transcript of " + threeSecondWav.size()
                + " bytes (sha256 " + threeSecondWav.sha256().substring(0, 8) + ").");
        assertThat(answer.get("usage").get("seconds").asInt()).isEqualTo(3);
        Upload other = generated("x".repeat(51), AudioFormat.WAV, "other.wav", "audio/wav");
        assertThat(Requests.text(transcribe(Requests.transcription(other, TranscriptFormat.TEXT))))
                .isNotEqualTo(Requests.text(transcribe(Requests.transcription(threeSecondWav, TranscriptFormat.TEXT))));
    }

    @Test
    void textIsPlainWithATrailingNewline() {
        String text = Requests.text(transcribe(Requests.transcription(threeSecondWav, TranscriptFormat.TEXT)));

        assertThat(text).startsWith("Mock transcript of ").endsWith(").\n").hasLineCount(1);
    }

    @Test
    void srtIsOneNumberedCueCoveringTheAudio() {
        String srt = Requests.text(transcribe(Requests.transcription(threeSecondWav, TranscriptFormat.SRT)));

        assertThat(srt).matches(Pattern.compile(
                "1\n00:00:00,000 --> 00:00:03,000\nMock transcript of \\d+ bytes \\(sha256 [0-9a-f]{8}\\)\\.\n\n"));
    }

    @Test
    void vttIsAWebVttFileWithOneCueCoveringTheAudio() {
        String vtt = Requests.text(transcribe(Requests.transcription(threeSecondWav, TranscriptFormat.VTT)));

        assertThat(vtt).matches(Pattern.compile(
                "WEBVTT\n\n00:00:00\\.000 --> 00:00:03\\.000\nMock transcript of \\d+ bytes \\(sha256 [0-9a-f]{8}\\)\\.\n\n"));
    }

    @Test
    void subtitleTimestampsCountHoursMinutesSecondsAndMillis() {
        assertThat(TranscriptWriter.timestamp(3_723.4567, ',')).isEqualTo("01:02:03,457");
        assertThat(TranscriptWriter.timestamp(59.9996, '.')).isEqualTo("00:01:00.000");
    }

    @Test
    void diarizedJsonSplitsTheTextBetweenTwoSpeakers() throws Exception {
        JsonNode diarized = json(Requests.transcription(threeSecondWav, TranscriptFormat.DIARIZED_JSON));

        JsonNode segments = diarized.get("segments");
        assertThat(segments.size()).isEqualTo(2);
        assertThat(segments.get(0).get("type").asText()).isEqualTo("transcript.text.segment");
        assertThat(segments.get(0).get("id").asText()).isEqualTo("seg_0");
        assertThat(segments.get(0).get("speaker").asText()).isEqualTo("A");
        assertThat(segments.get(1).get("speaker").asText()).isEqualTo("B");
        assertThat(segments.get(0).get("start").asDouble()).isZero();
        assertThat(segments.get(1).get("end").asDouble()).isCloseTo(3.0, within(0.001));
        assertThat(segments.get(0).get("text").asText() + " " + segments.get(1).get("text").asText())
                .isEqualTo(diarized.get("text").asText());
        assertThat(diarized.get("duration").asDouble()).isCloseTo(3.0, within(0.001));
    }

    @ParameterizedTest
    @EnumSource(TranscriptFormat.class)
    void everyFormatAnswersWithItsContentType(TranscriptFormat format) throws Exception {
        try (MediaResponse response = transcribe(Requests.transcription(threeSecondWav, format))) {
            assertThat(response.contentType()).isEqualTo(format.contentType());
            String body = new String(response.body().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (format.contentType().equals("application/json")) {
                assertThat(JSON.readTree(body).get("text").asText()).startsWith("Mock transcript");
            } else {
                assertThat(body).doesNotStartWith("{");
            }
        }
    }

    @Test
    void mp3UploadsAreTimedByTheirFrames() throws Exception {
        Upload mp3 = generated("x".repeat(100), AudioFormat.MP3, "speech.mp3", "audio/mpeg"); // 6 s

        assertThat(json(Requests.transcription(mp3, TranscriptFormat.VERBOSE_JSON)).get("duration").asDouble())
                .isCloseTo(6.0, within(0.03));
    }

    @Test
    void flacUploadsAreTimedByTheirStreamInfo() throws Exception {
        Upload flac = generated("x".repeat(100), AudioFormat.FLAC, "speech.flac", "audio/flac"); // 6 s

        assertThat(json(Requests.transcription(flac, TranscriptFormat.VERBOSE_JSON)).get("duration").asDouble())
                .isCloseTo(6.0, within(0.001));
    }

    @Test
    void uploadWithoutFileNameIsRecognisedByContentType() throws Exception {
        Upload wav = new InMemoryUpload("file", "audio/wav", Requests.bytes(provider.synthesize(
                Requests.speech("x".repeat(50), AudioFormat.WAV), Requests.call("tts-1"))));

        assertThat(json(Requests.transcription(wav, TranscriptFormat.VERBOSE_JSON)).get("duration").asDouble())
                .isCloseTo(3.0, within(0.001));
    }

    @Test
    void uploadOfferingItsFileIsTimedFromThatFileWithoutACopy(@TempDir Path spool) throws Exception {
        byte[] wav = Requests.bytes(provider.synthesize(Requests.speech("x".repeat(50), AudioFormat.WAV),
                Requests.call("tts-1")));
        // Named like the host's spooled files: nothing in the name says wav.
        Path spooled = Files.write(spool.resolve("prism-upload-1-2.part"), wav);
        Upload onlyAFile = new Upload() {
            @Override
            public String filename() {
                return "speech.wav";
            }

            @Override
            public String contentType() {
                return "audio/wav";
            }

            @Override
            public long size() {
                return wav.length;
            }

            @Override
            public String sha256() {
                return FakeOpenAiUpstream.sha256(wav);
            }

            @Override
            public InputStream open() {
                throw new AssertionError("the file is read, not copied");
            }

            @Override
            public Optional<Path> file() {
                return Optional.of(spooled);
            }
        };

        assertThat(json(Requests.transcription(onlyAFile, TranscriptFormat.VERBOSE_JSON)).get("duration").asDouble())
                .isCloseTo(3.0, within(0.001));
        assertThat(spool).isDirectoryContaining(path -> path.equals(spooled));
    }

    @Test
    void unreadableUploadIsTimedByAnEstimateFromItsSize() throws Exception {
        Upload garbage = new InMemoryUpload("broken.wav", "audio/wav", new byte[32_000]);

        JsonNode verbose = json(Requests.transcription(garbage, TranscriptFormat.VERBOSE_JSON));

        assertThat(verbose.get("duration").asDouble()).isCloseTo(2.0, within(0.001)); // at 128 kbps
    }

    @Test
    void streamSendsOneDeltaPerWordThenDoneWithTheTextAndUsage() throws Exception {
        MediaResponse response = transcribe(Requests.streamedTranscription(threeSecondWav));

        assertThat(response.contentType()).isEqualTo("text/event-stream");
        List<JsonNode> events = SpeechEventsTest.events(Requests.text(response));
        JsonNode done = events.get(events.size() - 1);
        assertThat(done.get("type").asText()).isEqualTo("transcript.text.done");
        assertThat(done.get("usage").get("seconds").asInt()).isEqualTo(3);
        String text = done.get("text").asText();
        List<JsonNode> deltas = events.subList(0, events.size() - 1);
        assertThat(deltas).hasSize(text.split(" ").length)
                .allSatisfy(delta -> assertThat(delta.get("type").asText()).isEqualTo("transcript.text.delta"));
        assertThat(String.join("", deltas.stream().map(delta -> delta.get("delta").asText()).toList()))
                .isEqualTo(text);
    }

    @Test
    void translationIsEnglishAndSaysItTranslated() throws Exception {
        JsonNode verbose = JSON.readTree(Requests.text(provider.translate(
                Requests.translation(threeSecondWav, TranscriptFormat.VERBOSE_JSON), Requests.call("whisper-1"))));

        assertThat(verbose.get("task").asText()).isEqualTo("translate");
        assertThat(verbose.get("language").asText()).isEqualTo("english");
        assertThat(verbose.get("text").asText()).startsWith("Mock translation of ");
        assertThat(verbose.get("duration").asDouble()).isCloseTo(3.0, within(0.001));
    }

    @ParameterizedTest
    @EnumSource(TranscriptFormat.class)
    void translationAnswersEveryFormatWithItsContentType(TranscriptFormat format) {
        try (MediaResponse response = provider.translate(Requests.translation(threeSecondWav, format),
                Requests.call("whisper-1"))) {
            assertThat(response.contentType()).isEqualTo(format.contentType());
        }
    }

    private Upload generated(String input, AudioFormat format, String filename, String contentType) {
        byte[] audio = Requests.bytes(provider.synthesize(Requests.speech(input, format), Requests.call("tts-1")));
        return new InMemoryUpload(filename, contentType, audio);
    }
}
