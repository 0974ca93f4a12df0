package dev.prism.provider.elevenlabs;

import dev.prism.conformance.MapProviderConfig;
import dev.prism.conformance.JdkHttpTransport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prism.api.AudioFormat;
import dev.prism.api.AudioStream;
import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.api.SpeechRequest;
import dev.prism.api.Transcript;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.UsageUnit;
import dev.prism.api.Voice;
import dev.prism.spi.CallContext;
import dev.prism.spi.HttpTransport;
import dev.prism.spi.MediaPublisher;
import dev.prism.spi.Provider;
import dev.prism.spi.ProviderContext;
import dev.prism.spi.ProviderException;
import dev.prism.spi.Translation;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeElevenLabsUpstream;
import dev.prism.testkit.InMemoryUpload;
import dev.prism.testkit.MultipartForm;
import dev.prism.testkit.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The elevenlabs provider against a fake of ElevenLabs' API over a real socket. */
class ElevenLabsProviderTest {
    private static final String KEY = "el-test-key-0123456789";
    private static final String RACHEL = "21m00Tcm4TlvDq8ikWAM";
    private static final byte[] WAV = new byte[] {'R', 'I', 'F', 'F', 1, 2, 3, 4};

    private static FakeElevenLabsUpstream elevenLabs;
    private static JdkHttpTransport http;
    private static Provider provider;

    @BeforeAll
    static void start() {
        elevenLabs = FakeElevenLabsUpstream.start(KEY);
        http = new JdkHttpTransport();
        provider = create(KEY);
    }

    @AfterAll
    static void stop() {
        http.close();
        elevenLabs.close();
    }

    @BeforeEach
    void forget() {
        elevenLabs.reset();
    }

    private static Provider create(String key) {
        return new ElevenLabsProviderFactory().create(new MapProviderConfig("elevenlabs", "eleven", Map.of(
                "base_url", elevenLabs.baseUrl(), "api_key", key, "voices", Map.of("alloy", RACHEL, "echo", "gone0000"))),
                context(http));
    }

    private static ProviderContext context(HttpTransport transport) {
        return new ProviderContext() {
            @Override
            public String spiVersion() {
                return "2.1";
            }

            @Override
            public HttpTransport http() {
                return transport;
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public MediaPublisher media() {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static CallContext call(String model) {
        return new CallContext("req-1", model, Duration.ofSeconds(10));
    }

    private static SpeechRequest speech(String voice, AudioFormat format, double speed) {
        return new SpeechRequest("tts-1", "Hello from Prism", Voice.named(voice), format, speed, null, false, false, Map.of());
    }

    private static byte[] read(AudioStream stream) throws IOException {
        try (stream; InputStream in = stream.audio()) {
            return in.readAllBytes();
        }
    }

    private static TranscriptionRequest transcription(TranscriptFormat format, String language) {
        return new TranscriptionRequest("whisper-1", new InMemoryUpload("speech.wav", "audio/wav", WAV), language, "a prompt",
                format, null, List.of(), false, List.of());
    }

    @Test
    void speechStreamsFromTheVoiceTheOpenAiNameMapsToWithTheKeyModelAndFormat() throws IOException {
        AudioStream audio = ((ElevenLabsProvider) provider).synthesize(speech("alloy", AudioFormat.MP3, 1.0),
                call("eleven_flash_v2_5"));

        assertThat(read(audio)).isEqualTo(FakeElevenLabsUpstream.speechBytes("mp3_44100_128", "Hello from Prism"));
        assertThat(audio.format()).isEqualTo(AudioFormat.MP3);
        RecordedRequest sent = elevenLabs.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/text-to-speech/" + RACHEL + "/stream");
        assertThat(FakeElevenLabsUpstream.query(sent)).containsExactly(Map.entry("output_format", "mp3_44100_128"));
        assertThat(sent.header("xi-api-key")).hasValue(KEY);
        assertThat(sent.header("authorization")).isEmpty();
        assertThat(sent.json()).containsExactlyInAnyOrderEntriesOf(Map.of("text", "Hello from Prism",
                "model_id", "eleven_flash_v2_5"));
        assertThat(audio.usage().get().amount(UsageUnit.CHARACTERS)).hasValue(BigDecimal.valueOf(16));
    }

    @Test
    void aVoiceNotInTheMapIsSentAsAVoiceId() throws IOException {
        read(((ElevenLabsProvider) provider).synthesize(speech("EXAVITQu4vr4xnSDxMaL", AudioFormat.OPUS, 1.0),
                call("eleven_multilingual_v2")));

        assertThat(elevenLabs.lastRequest().path()).isEqualTo("/v1/text-to-speech/EXAVITQu4vr4xnSDxMaL/stream");
        assertThat(FakeElevenLabsUpstream.query(elevenLabs.lastRequest())).containsEntry("output_format", "opus_48000_64");
    }

    @Test
    void pcmIsElevenLabs24kHzPcmAndWavIsThatPcmBehindAWavHeader() throws IOException {
        byte[] pcm = read(((ElevenLabsProvider) provider).synthesize(speech("alloy", AudioFormat.PCM, 1.0), call("eleven_flash_v2_5")));
        byte[] wav = read(((ElevenLabsProvider) provider).synthesize(speech("alloy", AudioFormat.WAV, 1.0), call("eleven_flash_v2_5")));

        assertThat(elevenLabs.requests()).allSatisfy(r ->
                assertThat(FakeElevenLabsUpstream.query(r)).containsEntry("output_format", "pcm_24000"));
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        ByteBuffer header = ByteBuffer.wrap(wav, 0, 44).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(header.getInt(24)).as("sample rate").isEqualTo(24_000);
        assertThat(header.getShort(34)).as("bits per sample").isEqualTo((short) 16);
        assertThat(Arrays.copyOfRange(wav, 44, wav.length)).isEqualTo(pcm);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AAC", "FLAC"})
    void aFormatElevenLabsCannotMakeIsTheClientsMistakeNamingResponseFormat(AudioFormat format) {
        assertThatThrownBy(() -> ((ElevenLabsProvider) provider).synthesize(speech("alloy", format, 1.0), call("eleven_flash_v2_5")))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.param()).isEqualTo("response_format");
                });
        assertThat(elevenLabs.requests()).as("nothing sent upstream").isEmpty();
    }

    @Test
    void speedWithinElevenLabsRangeGoesInVoiceSettingsAndOutsideItIsA400() throws IOException {
        read(((ElevenLabsProvider) provider).synthesize(speech("alloy", AudioFormat.MP3, 1.1), call("eleven_flash_v2_5")));
        assertThat(elevenLabs.lastRequest().bodyText()).contains("\"voice_settings\":{\"speed\":1.1}");

        assertThatThrownBy(() -> ((ElevenLabsProvider) provider).synthesize(speech("alloy", AudioFormat.MP3, 2.0),
                call("eleven_flash_v2_5")))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("speed"));
    }

    @Test
    void aRefusedKeyIsUpstreamAuthAndNeverQuotesTheKey() {
        Provider wrongKey = create("el-wrong-key-9999");

        assertThatThrownBy(() -> ((ElevenLabsProvider) wrongKey).synthesize(speech("alloy", AudioFormat.MP3, 1.0),
                call("eleven_flash_v2_5")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_AUTH);
                    assertThat(e.upstreamStatus()).isEqualTo(401);
                    assertThat(e.getMessage()).doesNotContain("el-wrong-key").contains("invalid_api_key");
                });
    }

    @Test
    void anUnknownConfiguredVoiceIsTheOperatorsMistakeAndAnUnknownClientVoiceIdTheClients() {
        assertThatThrownBy(() -> ((ElevenLabsProvider) provider).synthesize(speech("echo", AudioFormat.MP3, 1.0),
                call("eleven_flash_v2_5")))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_CONFIG));
        assertThatThrownBy(() -> ((ElevenLabsProvider) provider).synthesize(speech("nosuchvoice", AudioFormat.MP3, 1.0),
                call("eleven_flash_v2_5")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_REJECTED);
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("voice");
                });
    }

    @Test
    void anUnknownModelIsUpstreamConfig() {
        assertThatThrownBy(() -> ((ElevenLabsProvider) provider).synthesize(speech("alloy", AudioFormat.MP3, 1.0),
                call("eleven_nonexistent")))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_CONFIG));
    }

    @ParameterizedTest
    @CsvSource({
            "401, quota_exceeded, QUOTA_EXCEEDED",
            "429, too_many_concurrent_requests, RATE_LIMITED",
            "429, system_busy, RATE_LIMITED",
            "500, internal_error, UPSTREAM_FAILED",
            "503, service_unavailable, UPSTREAM_FAILED",
            "400, max_character_limit_exceeded, UPSTREAM_REJECTED"})
    void upstreamErrorsAreCategorised(int status, String code, ErrorKind kind) {
        elevenLabs.next("/v1/text-to-speech/" + RACHEL + "/stream", FakeElevenLabsUpstream.error(status, code, "Trouble: " + code));

        assertThatThrownBy(() -> ((ElevenLabsProvider) provider).synthesize(speech("alloy", AudioFormat.MP3, 1.0),
                call("eleven_flash_v2_5")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.upstreamStatus()).isEqualTo(status);
                });
    }

    @Test
    void aValidationErrorNamesTheFieldScribeComplainedAbout() {
        elevenLabs.next("/v1/speech-to-text", Answer.json(422,
                "{\"detail\":[{\"loc\":[\"body\",\"language_code\"],\"msg\":\"Unknown language\",\"type\":\"value_error\"}]}"));

        assertThatThrownBy(() -> ((ElevenLabsProvider) provider).transcribe(transcription(TranscriptFormat.JSON, "xx"), call("scribe_v1")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("language_code");
                    assertThat(e.getMessage()).isEqualTo("Unknown language");
                });
    }

    @Test
    void transcriptionUploadsTheFileToScribeAndAsksForWordTimings() {
        ((ElevenLabsProvider) provider).transcribe(transcription(TranscriptFormat.VERBOSE_JSON, "en"), call("scribe_v1"));

        RecordedRequest sent = elevenLabs.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/speech-to-text");
        assertThat(sent.header("xi-api-key")).hasValue(KEY);
        MultipartForm form = sent.form();
        assertThat(form.field("model_id")).hasValue("scribe_v1");
        assertThat(form.field("language_code")).hasValue("en");
        assertThat(form.field("timestamps_granularity")).hasValue("word");
        assertThat(form.fieldNames()).doesNotContain("prompt", "model", "diarize");
        MultipartForm.Part file = form.file().orElseThrow();
        assertThat(file.name()).isEqualTo("file");
        assertThat(file.bytes()).isEqualTo(WAV);
    }

    @Test
    void scribesWordsBecomeATranscriptWithSentenceSegmentsLanguageAndDuration() {
        Transcript transcript = ((ElevenLabsProvider) provider).transcribe(
                transcription(TranscriptFormat.VERBOSE_JSON, null), call("scribe_v1"));

        assertThat(transcript.text()).isEqualTo("Hello there. How are you?");
        assertThat(transcript.language()).isEqualTo("english");
        assertThat(transcript.duration()).isEqualTo(FakeElevenLabsUpstream.AUDIO_SECONDS);
        assertThat(transcript.words()).extracting(Transcript.Word::word).containsExactlyElementsOf(
                FakeElevenLabsUpstream.TRANSCRIPT_WORDS);
        assertThat(transcript.segments()).extracting(Transcript.Segment::text).containsExactly("Hello there.", "How are you?");
        assertThat(transcript.segments().get(0).start()).isCloseTo(0.1, within(1e-9));
        assertThat(transcript.segments().get(1).start()).isCloseTo(transcript.words().get(2).start(), within(1e-9));
        assertThat(transcript.usage().amount(UsageUnit.AUDIO_SECONDS)).hasValue(new BigDecimal("4.25"));
        assertThat(transcript.speakers()).isEmpty();
    }

    @Test
    void diarizedJsonAsksScribeToDiarizeAndGroupsWordsBySpeaker() {
        Transcript transcript = ((ElevenLabsProvider) provider).transcribe(
                transcription(TranscriptFormat.DIARIZED_JSON, null), call("scribe_v1"));

        assertThat(elevenLabs.lastRequest().form().field("diarize")).hasValue("true");
        assertThat(transcript.speakers()).extracting(Transcript.SpeakerSegment::speaker, Transcript.SpeakerSegment::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("speaker_0", "Hello there."),
                        org.assertj.core.groups.Tuple.tuple("speaker_1", "How are you?"));
    }

    @Test
    void scribeDoesNotTranslate() {
        assertThat(provider).isNotInstanceOf(Translation.class);
    }

    @Test
    void iso6393CodesBecomeOpenAisLanguageNames() {
        assertThat(ScribeTranscript.languageName("eng")).isEqualTo("english");
        assertThat(ScribeTranscript.languageName("deu")).isEqualTo("german");
        assertThat(ScribeTranscript.languageName("fr")).isEqualTo("french");
        assertThat(ScribeTranscript.languageName("")).isEmpty();
    }

    @Test
    void theFactoryNeedsAKeyAndNamesItsPriceList() {
        ElevenLabsProviderFactory factory = new ElevenLabsProviderFactory();
        assertThatThrownBy(() -> factory.create(new MapProviderConfig("elevenlabs", "eleven", Map.of()), context(http)))
                .hasMessageContaining("providers.eleven.api_key");
        assertThat(factory.type()).isEqualTo("elevenlabs");
        assertThat(factory.priceList(new MapProviderConfig("elevenlabs", "eleven", Map.of()))).isEqualTo(Optional.of("elevenlabs"));
        assertThat(ElevenLabsProviderFactory.class.getResource("/META-INF/prism/prices/elevenlabs.yaml")).isNotNull();
    }
}
