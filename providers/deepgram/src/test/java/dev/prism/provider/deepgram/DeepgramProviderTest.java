package dev.prism.provider.deepgram;

import dev.prism.conformance.MapProviderConfig;
import dev.prism.conformance.JdkHttpTransport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prism.api.AudioFormat;
import dev.prism.api.AudioStream;
import dev.prism.api.ErrorKind;
import dev.prism.api.SpeechRequest;
import dev.prism.api.Transcript;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.UsageUnit;
import dev.prism.api.Voice;
import dev.prism.spi.CallContext;
import dev.prism.spi.HttpTransport;
import dev.prism.spi.MediaPublisher;
import dev.prism.spi.ProviderContext;
import dev.prism.spi.ProviderException;
import dev.prism.spi.SpeechSynthesis;
import dev.prism.spi.Transcription;
import dev.prism.spi.Translation;
import dev.prism.testkit.FakeDeepgram;
import dev.prism.testkit.InMemoryUpload;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeepgramProviderTest {
    private static final String KEY = "dg-secret-key-123";
    private static final byte[] AUDIO = {'R', 'I', 'F', 'F', 1, 2, 3, 4, 5, 6, 7, 8};
    private static FakeDeepgram deepgram;
    private static JdkHttpTransport http;
    private static DeepgramProvider provider;

    @BeforeAll
    static void start() {
        deepgram = FakeDeepgram.start(KEY);
        http = new JdkHttpTransport();
        provider = create(KEY);
    }

    @AfterAll
    static void stop() {
        http.close();
        deepgram.close();
    }

    @BeforeEach
    void forget() {
        deepgram.reset();
    }

    private static DeepgramProvider create(String key) {
        MapProviderConfig config = new MapProviderConfig("deepgram", "dg", Map.of("base_url", deepgram.baseUrl(), "api_key", key,
                "voices", Map.of("alloy", "aura-2-thalia-en")));
        return (DeepgramProvider) new DeepgramProviderFactory().create(config, new ProviderContext() {
            @Override
            public String spiVersion() {
                return dev.prism.spi.SpiVersion.CURRENT;
            }

            @Override
            public HttpTransport http() {
                return http;
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public MediaPublisher media() {
                throw new UnsupportedOperationException("Deepgram publishes no media");
            }
        });
    }

    private static CallContext call(String model) {
        return new CallContext("req-1", model, Duration.ofSeconds(5));
    }

    private static TranscriptionRequest transcription(String language, TranscriptFormat format) {
        return new TranscriptionRequest("whisper-1", new InMemoryUpload("a.wav", "audio/wav", AUDIO), language, null,
                format, null, List.of(), false, List.of());
    }

    private static SpeechRequest speech(String voice, AudioFormat format, double speed, String input) {
        return new SpeechRequest("tts-1", input, Voice.named(voice), format, speed, null, false, false, Map.of());
    }

    @Test
    void declaresTranscriptionAndSpeechButNotTranslation() {
        assertThat(provider).isInstanceOf(Transcription.class).isInstanceOf(SpeechSynthesis.class)
                .isNotInstanceOf(Translation.class);
    }

    @Test
    void transcriptionSendsTheUploadAsTheRawBodyWithTheModelAndOptionsInTheQuery() {
        provider.transcribe(transcription("en", TranscriptFormat.VERBOSE_JSON), call("nova-3"));

        FakeDeepgram.Request sent = deepgram.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/listen");
        assertThat(sent.header("Authorization")).isEqualTo("Token " + KEY);
        assertThat(sent.header("Content-Type")).isEqualTo("audio/wav");
        assertThat(sent.body()).isEqualTo(AUDIO);
        assertThat(sent.query()).containsEntry("model", "nova-3").containsEntry("smart_format", "true")
                .containsEntry("punctuate", "true").containsEntry("utterances", "true").containsEntry("language", "en")
                .doesNotContainKey("detect_language");
    }

    @Test
    void withoutALanguageDeepgramDetectsItAndTheTranscriptNamesItInEnglish() {
        Transcript transcript = provider.transcribe(transcription(null, TranscriptFormat.JSON), call("nova-3"));

        assertThat(deepgram.lastRequest().query()).containsEntry("detect_language", "true").doesNotContainKey("language");
        assertThat(transcript.language()).isEqualTo("english");
    }

    @Test
    void theAnswerBecomesATranscriptWithPunctuatedWordsUtteranceSegmentsAndAudioSeconds() {
        Transcript transcript = provider.transcribe(transcription("en", TranscriptFormat.VERBOSE_JSON), call("nova-3"));

        assertThat(transcript.text()).isEqualTo(FakeDeepgram.TRANSCRIPT);
        assertThat(transcript.duration()).isEqualTo(FakeDeepgram.DURATION);
        assertThat(transcript.words()).extracting(Transcript.Word::word)
                .containsExactly("Hello", "there,", "Prism.", "Good", "morning.");
        assertThat(transcript.words().getFirst()).isEqualTo(new Transcript.Word("Hello", 0.08, 0.4));
        assertThat(transcript.segments()).containsExactly(
                new Transcript.Segment(0, 0.08, 1.6, "Hello there, Prism."),
                new Transcript.Segment(1, 2.0, 3.1, "Good morning."));
        assertThat(transcript.usage().amount(UsageUnit.AUDIO_SECONDS)).contains(BigDecimal.valueOf(3.5));
    }

    @Test
    void diarizedJsonIsRefusedNamingTheResponseFormat() {
        ProviderException refused = catchThrowableOfType(ProviderException.class,
                () -> provider.transcribe(transcription(null, TranscriptFormat.DIARIZED_JSON), call("nova-3")));

        assertThat(refused.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(refused.param()).isEqualTo("response_format");
        assertThat(deepgram.requests()).isEmpty();
    }

    @Test
    void speechMapsTheVoiceToItsAuraModelAndTheFormatToAnExplicitEncoding() throws Exception {
        try (AudioStream audio = provider.synthesize(speech("alloy", AudioFormat.MP3, 1.0, "Hello"), call("aura-2-zeus-en"))) {
            byte[] bytes = audio.audio().readAllBytes();
            assertThat(new String(bytes, 0, 3, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("ID3");
            assertThat(audio.format()).isEqualTo(AudioFormat.MP3);
            assertThat(audio.usage().get().amount(UsageUnit.CHARACTERS)).contains(BigDecimal.valueOf(5));
        }
        FakeDeepgram.Request sent = deepgram.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/speak");
        assertThat(sent.header("Authorization")).isEqualTo("Token " + KEY);
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(sent.bodyText()).isEqualTo("{\"text\":\"Hello\"}");
        assertThat(sent.query()).containsExactly(Map.entry("model", "aura-2-thalia-en"), Map.entry("encoding", "mp3"));
    }

    @Test
    void aVoiceOutsideTheMapUsesTheTargetsModel() throws Exception {
        try (AudioStream audio = provider.synthesize(speech("echo", AudioFormat.WAV, 1.0, "Hi"), call("aura-2-zeus-en"))) {
            audio.audio().readAllBytes();
        }
        assertThat(deepgram.lastRequest().query()).containsExactly(Map.entry("model", "aura-2-zeus-en"),
                Map.entry("encoding", "linear16"), Map.entry("container", "wav"), Map.entry("sample_rate", "24000"));
    }

    @Test
    void everyOpenAiFormatHasItsDeepgramEncoding() throws Exception {
        Map<AudioFormat, Map<String, String>> expected = Map.of(
                AudioFormat.OPUS, Map.of("encoding", "opus", "container", "ogg"),
                AudioFormat.AAC, Map.of("encoding", "aac"),
                AudioFormat.FLAC, Map.of("encoding", "flac", "sample_rate", "48000"),
                AudioFormat.PCM, Map.of("encoding", "linear16", "container", "none", "sample_rate", "24000"));
        for (var entry : expected.entrySet()) {
            try (AudioStream audio = provider.synthesize(speech("alloy", entry.getKey(), 1.0, "Hi"), call("aura-2-zeus-en"))) {
                audio.audio().readAllBytes();
            }
            Map<String, String> query = new java.util.HashMap<>(deepgram.lastRequest().query());
            query.remove("model");
            assertThat(query).as(entry.getKey().wireName()).isEqualTo(entry.getValue());
        }
    }

    @Test
    void aSpeedOutsideAurasRangeOrTooLongAnInputIsTheClientsMistakeBeforeAnyCall() {
        ProviderException speed = catchThrowableOfType(ProviderException.class,
                () -> provider.synthesize(speech("alloy", AudioFormat.MP3, 2.0, "Hi"), call("aura-2-zeus-en")));
        ProviderException input = catchThrowableOfType(ProviderException.class,
                () -> provider.synthesize(speech("alloy", AudioFormat.MP3, 1.0, "x".repeat(2001)), call("aura-2-zeus-en")));

        assertThat(speed.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(speed.param()).isEqualTo("speed");
        assertThat(input.param()).isEqualTo("input");
        assertThat(input.code()).isEqualTo("string_above_max_length");
        assertThat(deepgram.requests()).isEmpty();
    }

    @Test
    void aRefusedKeyIsUpstreamAuthAndTheMessageNeverHoldsTheKey() {
        DeepgramProvider wrongKey = create("dg-wrong-key-456");

        ProviderException refused = catchThrowableOfType(ProviderException.class,
                () -> wrongKey.transcribe(transcription("en", TranscriptFormat.JSON), call("nova-3")));

        assertThat(refused.kind()).isEqualTo(ErrorKind.UPSTREAM_AUTH);
        assertThat(refused.upstreamStatus()).isEqualTo(401);
        assertThat(refused.getMessage()).doesNotContain("dg-wrong-key-456").doesNotContain(KEY);
    }

    @Test
    void anUnknownModelIsPrismsConfiguration() {
        ProviderException stt = catchThrowableOfType(ProviderException.class,
                () -> provider.transcribe(transcription("en", TranscriptFormat.JSON), call("general-9000")));
        ProviderException tts = catchThrowableOfType(ProviderException.class,
                () -> provider.synthesize(speech("echo", AudioFormat.MP3, 1.0, "Hi"), call("thalia")));

        assertThat(stt.kind()).isEqualTo(ErrorKind.UPSTREAM_CONFIG);
        assertThat(tts.kind()).isEqualTo(ErrorKind.UPSTREAM_CONFIG);
    }

    @Test
    void rateLimitingHonoursRetryAfter() {
        deepgram.failNext(new FakeDeepgram.Failure(429, "TOO_MANY_REQUESTS", "Too many requests.", Map.of("retry-after", "7")));

        ProviderException limited = catchThrowableOfType(ProviderException.class,
                () -> provider.transcribe(transcription("en", TranscriptFormat.JSON), call("nova-3")));

        assertThat(limited.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(limited.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void serverErrorsAreUpstreamFailuresAndOutOfCreditsTriesAnotherTarget() {
        deepgram.failNext(FakeDeepgram.Failure.of(503, "SERVICE_UNAVAILABLE", "Try again."));
        deepgram.failNext(FakeDeepgram.Failure.of(402, "ASR_PAYMENT_REQUIRED", "Project does not have enough credits."));

        ProviderException failed = catchThrowableOfType(ProviderException.class,
                () -> provider.transcribe(transcription("en", TranscriptFormat.JSON), call("nova-3")));
        ProviderException broke = catchThrowableOfType(ProviderException.class,
                () -> provider.transcribe(transcription("en", TranscriptFormat.JSON), call("nova-3")));

        assertThat(failed.kind()).isEqualTo(ErrorKind.UPSTREAM_FAILED);
        assertThat(broke.kind()).isEqualTo(ErrorKind.UPSTREAM_AUTH);
    }

    @Test
    void anApiKeyIsRequired() {
        assertThatThrownBy(() -> create(""))
                .hasMessageContaining("providers.dg.api_key");
    }

    @Test
    void thePriceListIsInTheJar() throws Exception {
        try (InputStream prices = DeepgramProviderFactory.class.getResourceAsStream("/META-INF/prism/prices/deepgram.yaml")) {
            assertThat(prices).isNotNull();
            String text = new String(prices.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text).contains("nova-3:", "aura-2-thalia-en:", "source:");
        }
        assertThat(new DeepgramProviderFactory().priceList(new MapProviderConfig("deepgram", "dg", Map.of()))).contains("deepgram");
    }
}
