package dev.prism.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.multibindings.OptionalBinder;
import dev.prism.api.AudioFormat;
import dev.prism.api.AudioStream;
import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.api.MediaRequest;
import dev.prism.api.MediaResponse;
import dev.prism.api.SpeechRequest;
import dev.prism.api.Transcript;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.api.Voice;
import dev.prism.core.GatewayModule;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.keys.VirtualKey;
import dev.prism.spi.HttpTransport;
import dev.prism.testkit.FakeProvider;
import dev.prism.testkit.FakeProviderFactory;
import dev.prism.testkit.InMemoryUpload;
import dev.prism.testkit.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typed answers through the whole pipeline: rendered by the bound renderer before the first byte
 * is awaited (so failover still covers them), with what they used reported into the call's record.
 */
class TypedAnswersTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final VirtualKey KEY = new VirtualKey("tester", Optional.empty());
    private static final HttpTransport NO_NETWORK = request -> {
        throw new IOException("no network in unit tests");
    };

    @TempDir
    Path pluginDir;

    private final MutableClock clock = MutableClock.startingAt("2026-03-01T09:00:00Z");
    private final AtomicInteger usageAsked = new AtomicInteger();

    /** Renders transcripts as {@code rendered: <text>}, audio as it came, and counts nothing. */
    private static final AnswerRenderer PLAIN = new AnswerRenderer() {
        @Override
        public MediaResponse transcript(Transcript transcript, MediaRequest request) {
            return MediaResponse.of(request.contentType(),
                    ("rendered: " + transcript.text()).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public MediaResponse audio(AudioStream audio, SpeechRequest request) {
            return new MediaResponse(request.contentType(), audio.contentLength(), audio.audio());
        }
    };

    private static FakeProvider fake(String role) {
        return FakeProviderFactory.register(FakeProvider.named(role + "-" + NAMES.incrementAndGet()));
    }

    private MediaGateway gateway(AnswerRenderer renderer, FakeProvider... fakes) {
        StringBuilder yaml = new StringBuilder("plugins: { dir: \"" + pluginDir + "\" }\nproviders:\n");
        StringBuilder targets = new StringBuilder();
        for (FakeProvider fake : fakes) {
            yaml.append("  ").append(fake.name()).append(": { type: fake, retry: { max_attempts: 1 } }\n");
            targets.append(targets.isEmpty() ? "" : ", ").append("{ provider: ").append(fake.name()).append(" }");
        }
        yaml.append("models:\n  whisper-1: { targets: [ ").append(targets).append(" ] }\n")
                .append("  tts-1: { targets: [ ").append(targets).append(" ] }\n");
        GatewayConfig config = new ConfigLoader(name -> null).parse(yaml.toString());
        return Guice.createInjector(new GatewayModule(config, clock, NO_NETWORK, new Random(1)), new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), AnswerRenderer.class).setBinding().toInstance(renderer);
            }
        }).getInstance(MediaGateway.class);
    }

    private static TranscriptionRequest transcription() {
        return new TranscriptionRequest("whisper-1", new InMemoryUpload("a.wav", "audio/wav", new byte[100]), null, null,
                TranscriptFormat.TEXT, null, List.of(), false, List.of());
    }

    private static SpeechRequest speech() {
        return new SpeechRequest("tts-1", "Hello", Voice.named("alloy"), AudioFormat.PCM, 1.0, null, false, true,
                Map.of());
    }

    private AudioStream audio(InputStream bytes, Usage usage) {
        return new AudioStream(AudioFormat.PCM, -1, bytes, () -> {
            usageAsked.incrementAndGet();
            return usage;
        });
    }

    private static String body(GatewayResponse response) throws IOException {
        return new String(response.media().body().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aTranscriptIsRenderedAndItsUsageReportedIntoTheRecord() throws IOException {
        FakeProvider fake = fake("typed").thenAnsweringTyped(() -> new Transcript("Hi there", "english", 2.4,
                List.of(), List.of(), List.of(), Usage.of(UsageUnit.AUDIO_SECONDS, 3)));

        try (GatewayResponse response = gateway(PLAIN, fake).serve("req", KEY, transcription())) {
            assertThat(body(response)).isEqualTo("rendered: Hi there");
            assertThat(response.record().usage().amount(UsageUnit.AUDIO_SECONDS)).hasValue(BigDecimal.valueOf(3));
        }
    }

    @Test
    void aTranscriptWithoutUsageReportsItsDurationToTheMillisecond() {
        FakeProvider fake = fake("typed").thenAnsweringTyped(() -> Transcript.of("Hi", "english", 2.4567));

        try (GatewayResponse response = gateway(PLAIN, fake).serve("req", KEY, transcription())) {
            assertThat(response.record().usage().amount(UsageUnit.AUDIO_SECONDS)).hasValue(new BigDecimal("2.457"));
        }
    }

    @Test
    void audioUsageIsAskedOnceAtTheEndOfTheAudioAndReportedThen() throws IOException {
        FakeProvider fake = fake("typed").thenAnsweringTyped(() -> audio(new ByteArrayInputStream(new byte[] {1, 2, 3}),
                Usage.of(UsageUnit.OUTPUT_TOKENS, 7)));

        try (GatewayResponse response = gateway(PLAIN, fake).serve("req", KEY, speech())) {
            assertThat(usageAsked).hasValue(0);
            assertThat(response.media().body().readAllBytes()).containsExactly(1, 2, 3);
            assertThat(response.media().body().read()).isEqualTo(-1);

            assertThat(usageAsked).hasValue(1);
            assertThat(response.record().usage().amount(UsageUnit.OUTPUT_TOKENS)).hasValue(BigDecimal.valueOf(7));
        }
    }

    @Test
    void audioThatBreaksOffBeforeItsFirstByteFailsOverToTheNextTarget() throws IOException {
        FakeProvider broken = fake("broken").thenAnsweringTyped(() -> audio(new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        }, Usage.NONE));
        FakeProvider healthy = fake("healthy").thenAnsweringTyped(() -> audio(
                new ByteArrayInputStream("audio".getBytes(StandardCharsets.UTF_8)), Usage.NONE));

        try (GatewayResponse response = gateway(PLAIN, broken, healthy).serve("req", KEY, speech())) {
            assertThat(body(response)).isEqualTo("audio");
            assertThat(response.record().attempts()).hasSize(2);
        }
    }

    @Test
    void aTranscriptAnsweringASpeechRequestIsTheProvidersFailure() {
        FakeProvider confused = fake("confused").thenAnsweringTyped(() -> Transcript.of("Hi", "english", 1));

        GatewayException failure = catchThrowableOfType(GatewayException.class,
                () -> gateway(PLAIN, confused).serve("req", KEY, speech()));

        assertThat(failure.kind()).isEqualTo(ErrorKind.UPSTREAM_FAILED);
    }

    @Test
    void withoutARendererBoundATypedAnswerIsAnInternalError() {
        FakeProvider fake = fake("typed").thenAnsweringTyped(() -> Transcript.of("Hi", "english", 1));

        GatewayException failure = catchThrowableOfType(GatewayException.class,
                () -> gateway(AnswerRenderer.NONE, fake).serve("req", KEY, transcription()));

        assertThat(failure.kind()).isEqualTo(ErrorKind.INTERNAL);
    }
}
