package dev.prism.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prism.api.AudioFormat;
import dev.prism.api.Transcript;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.Upload;
import dev.prism.api.UsageUnit;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.InMemoryUpload;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mock's transcripts as data; the host renders them in OpenAI's formats (gateway-http's
 * {@code MockRenderedIT} and {@code OpenAiAnswerRendererTest} hold the wire shapes).
 */
class MockTranscriptionTest {
    private final MockProvider provider =
            new MockProviderFactory().create(FakeProviderConfig.named("mock"), FakeProviderContext.create());
    private final Upload threeSecondWav = generated("x".repeat(50), AudioFormat.WAV, "speech.wav", "audio/wav");

    private Transcript transcribe(TranscriptionRequest request) {
        return provider.transcribe(request, Requests.call(request.model()));
    }

    @Test
    void transcriptIsTimedByTheUploadedWavAndBillsItsDurationToTheMillisecond() {
        Transcript transcript = transcribe(Requests.transcription(threeSecondWav, TranscriptFormat.VERBOSE_JSON));

        assertThat(transcript.language()).isEqualTo("english");
        assertThat(transcript.duration()).isCloseTo(3.0, within(0.001));
        assertThat(transcript.usage().amount(UsageUnit.AUDIO_SECONDS)).hasValueSatisfying(seconds ->
                assertThat(seconds).isEqualByComparingTo(BigDecimal.valueOf(transcript.duration())
                        .setScale(3, java.math.RoundingMode.HALF_UP)));
    }

    @Test
    void languageIsTheFullEnglishNameOfTheCodeAsked() {
        TranscriptionRequest german = new TranscriptionRequest("whisper-1", threeSecondWav, "de", null,
                TranscriptFormat.JSON, null, List.of(), false, List.of());

        assertThat(transcribe(german).language()).isEqualTo("german");
    }

    @Test
    void oneSegmentSpansTheAudio() {
        Transcript transcript = transcribe(Requests.transcription(threeSecondWav, TranscriptFormat.VERBOSE_JSON));

        assertThat(transcript.segments()).singleElement().satisfies(segment -> {
            assertThat(segment.start()).isZero();
            assertThat(segment.end()).isCloseTo(3.0, within(0.001));
            assertThat(segment.text()).isEqualTo(transcript.text());
        });
    }

    @Test
    void wordsAreSpreadEvenlyOverTheDuration() {
        Transcript transcript = transcribe(Requests.transcription(threeSecondWav, TranscriptFormat.VERBOSE_JSON));

        List<Transcript.Word> words = transcript.words();
        assertThat(words).hasSize(transcript.text().split(" ").length);
        assertThat(words.getFirst().start()).isZero();
        assertThat(words.getLast().end()).isCloseTo(3.0, within(0.001));
        for (int i = 1; i < words.size(); i++) {
            assertThat(words.get(i).start()).isEqualTo(words.get(i - 1).end());
        }
    }

    @Test
    void textNamesTheUploadsSizeAndHashSoEachFileGetsItsOwn() {
        Transcript transcript = transcribe(Requests.transcription(threeSecondWav, TranscriptFormat.JSON));

        assertThat(transcript.text()).isEqualTo("Mock transcript of " + threeSecondWav.size()
                + " bytes (sha256 " + threeSecondWav.sha256().substring(0, 8) + ").");
        Upload other = generated("x".repeat(51), AudioFormat.WAV, "other.wav", "audio/wav");
        assertThat(transcribe(Requests.transcription(other, TranscriptFormat.TEXT)).text())
                .isNotEqualTo(transcript.text());
    }

    @Test
    void theTextIsSplitBetweenTwoSpeakers() {
        Transcript transcript = transcribe(Requests.transcription(threeSecondWav, TranscriptFormat.DIARIZED_JSON));

        List<Transcript.SpeakerSegment> speakers = transcript.speakers();
        assertThat(speakers).extracting(Transcript.SpeakerSegment::speaker).containsExactly("A", "B");
        assertThat(speakers.getFirst().start()).isZero();
        assertThat(speakers.getLast().end()).isCloseTo(3.0, within(0.001));
        assertThat(speakers.get(0).text() + " " + speakers.get(1).text()).isEqualTo(transcript.text());
    }

    @Test
    void mp3UploadsAreTimedByTheirFrames() throws Exception {
        Upload mp3 = generated("x".repeat(100), AudioFormat.MP3, "speech.mp3", "audio/mpeg"); // 6 s

        assertThat(transcribe(Requests.transcription(mp3, TranscriptFormat.VERBOSE_JSON)).duration())
                .isCloseTo(6.0, within(0.03));
    }

    @Test
    void flacUploadsAreTimedByTheirStreamInfo() throws Exception {
        Upload flac = generated("x".repeat(100), AudioFormat.FLAC, "speech.flac", "audio/flac"); // 6 s

        assertThat(transcribe(Requests.transcription(flac, TranscriptFormat.VERBOSE_JSON)).duration())
                .isCloseTo(6.0, within(0.001));
    }

    @Test
    void uploadWithoutFileNameIsRecognisedByContentType() throws Exception {
        Upload wav = new InMemoryUpload("file", "audio/wav", Requests.bytes(provider.synthesize(
                Requests.speech("x".repeat(50), AudioFormat.WAV), Requests.call("tts-1"))));

        assertThat(transcribe(Requests.transcription(wav, TranscriptFormat.VERBOSE_JSON)).duration())
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

        assertThat(transcribe(Requests.transcription(onlyAFile, TranscriptFormat.VERBOSE_JSON)).duration())
                .isCloseTo(3.0, within(0.001));
        assertThat(spool).isDirectoryContaining(path -> path.equals(spooled));
    }

    @Test
    void unreadableUploadIsTimedByAnEstimateFromItsSize() throws Exception {
        Upload garbage = new InMemoryUpload("broken.wav", "audio/wav", new byte[32_000]);

        Transcript transcript = transcribe(Requests.transcription(garbage, TranscriptFormat.VERBOSE_JSON));

        assertThat(transcript.duration()).isCloseTo(2.0, within(0.001)); // at 128 kbps
    }

    @Test
    void translationIsEnglishAndSaysItTranslated() {
        Transcript translation = provider.translate(Requests.translation(threeSecondWav, TranscriptFormat.VERBOSE_JSON),
                Requests.call("whisper-1"));

        assertThat(translation.language()).isEqualTo("english");
        assertThat(translation.text()).startsWith("Mock translation of ");
        assertThat(translation.duration()).isCloseTo(3.0, within(0.001));
    }

    private Upload generated(String input, AudioFormat format, String filename, String contentType) {
        byte[] audio = Requests.bytes(provider.synthesize(Requests.speech(input, format), Requests.call("tts-1")));
        return new InMemoryUpload(filename, contentType, audio);
    }
}
