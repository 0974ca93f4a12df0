package dev.prism.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.prism.api.AudioFormat;
import dev.prism.api.ErrorKind;
import dev.prism.api.FormField;
import dev.prism.api.ImageEditRequest;
import dev.prism.api.ImageRequest;
import dev.prism.api.ImageVariationRequest;
import dev.prism.api.MediaRequest;
import dev.prism.api.Operation;
import dev.prism.api.ProviderAnswer;
import dev.prism.api.SpeechRequest;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.api.Upload;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.api.Voice;
import dev.prism.spi.CallContext;
import dev.prism.spi.ImageEditing;
import dev.prism.spi.ImageGeneration;
import dev.prism.spi.ImageVariations;
import dev.prism.spi.MediaPublisher;
import dev.prism.spi.Provider;
import dev.prism.spi.ProviderContext;
import dev.prism.spi.ProviderException;
import dev.prism.spi.ProviderFactory;
import dev.prism.spi.SpeechSynthesis;
import dev.prism.spi.SpiVersion;
import dev.prism.spi.Transcription;
import dev.prism.spi.Translation;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.InMemoryUpload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance checks every provider passes: extend it in the provider's tests, say how to
 * make the provider and a fake of its upstream, and JUnit runs the checks that apply to what the
 * provider declares (its capability interfaces). Checks of an undeclared capability are skipped.
 *
 * <pre>{@code
 * class AcmeConformanceTest extends ProviderConformance {
 *     protected ProviderFactory factory() { return new AcmeProviderFactory(); }
 *     protected UpstreamFake startUpstream() { return AcmeUpstreamFake.start(); }
 *     protected String providerConfig(UpstreamFake upstream) {
 *         return "base_url: " + upstream.baseUrl() + "\napi_key: " + API_KEY;
 *     }
 * }
 * }</pre>
 *
 * <p>The provider is called through the SPI alone, over a real socket ({@link JdkHttpTransport}),
 * with a fresh fake and a fresh provider for every check. What it checks:
 *
 * <ul>
 *   <li>each declared operation answers in OpenAI's shape, for each format of {@link
 *       #speechFormats()}, {@link #transcriptFormats()}, {@link #imageFormats()}, and reports
 *       the usage units of {@link #reportedUsage};
 *   <li>upstream errors become {@link ProviderException}s of the right kind: 401/403 {@code
 *       UPSTREAM_AUTH} (the key never in the message), an unknown model {@code UPSTREAM_CONFIG},
 *       429 {@code RATE_LIMITED} with its {@code Retry-After}, 5xx {@code UPSTREAM_FAILED};
 *   <li>an upstream that never answers fails as {@code UPSTREAM_TIMEOUT} within the call's timeout;
 *   <li>speech streams: the first chunk arrives before the upstream has finished, a stream that
 *       breaks off fails on read, and closing the answer early releases the upstream connection.
 * </ul>
 */
public abstract class ProviderConformance {
    /** The key to configure the provider with; the checks make sure no part of it leaks into errors. */
    public static final String API_KEY = "sk-prism-kit-7f3a9c2e5b81d4";
    /** The name the provider is configured under. */
    public static final String PROVIDER_NAME = "subject";

    /** How long a call or a read may take before the check fails rather than waits. */
    private static final Duration STEP_LIMIT = Duration.ofSeconds(10);

    /** The provider's factory, as its jar declares it for {@link java.util.ServiceLoader}. */
    protected abstract ProviderFactory factory();

    /** Starts a fresh fake of the provider's upstream; the kit closes it after each check. */
    protected abstract UpstreamFake startUpstream();

    /**
     * The provider's configuration, the YAML an operator writes under {@code providers.<name>}
     * (without {@code type}), pointing at {@code upstream.baseUrl()} with {@link #API_KEY}.
     */
    protected abstract String providerConfig(UpstreamFake upstream);

    /** The upstream model to ask for ({@link CallContext#upstreamModel()}) in calls of {@code operation}. */
    protected String upstreamModel(Operation operation) {
        return "conformance-model";
    }

    /** The speech formats the provider serves; all of OpenAI's unless overridden. */
    protected Set<AudioFormat> speechFormats() {
        return EnumSet.allOf(AudioFormat.class);
    }

    /** The transcription and translation formats it serves; OpenAI's, less {@code diarized_json}, unless overridden. */
    protected Set<TranscriptFormat> transcriptFormats() {
        return EnumSet.complementOf(EnumSet.of(TranscriptFormat.DIARIZED_JSON));
    }

    /** The image {@code response_format}s it serves. */
    protected Set<String> imageFormats() {
        return Set.of("b64_json", "url");
    }

    /**
     * The usage units the provider reports (through {@link CallContext#usage()} or a typed
     * answer's usage) for a successful {@code request}, when its upstream says: none unless
     * overridden. Whatever it reports must not be marked estimated.
     */
    protected Set<UsageUnit> reportedUsage(MediaRequest request) {
        return Set.of();
    }

    /** The audio uploaded for transcriptions and translations: a short WAV of silence unless overridden. */
    protected Upload audioUpload() {
        return new InMemoryUpload("speech.wav", "audio/wav", Wav.silence(Duration.ofMillis(250)));
    }

    /** The image uploaded for edits and variations (and as an edit's mask): a 1x1 PNG unless overridden. */
    protected Upload imageUpload() {
        return new InMemoryUpload("image.png", "image/png", Base64.getDecoder().decode(FakeOpenAiUpstream.PNG_BASE64));
    }

    /** The call timeout in the check of an upstream that never answers. */
    protected Duration hangTimeout() {
        return Duration.ofMillis(400);
    }

    @TestFactory
    Stream<DynamicTest> declaredOperationsAnswerInOpenAiShapes() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Operation operation : Operation.values()) {
            for (MediaRequest request : successfulRequests(operation)) {
                tests.add(DynamicTest.dynamicTest(operation.configName() + " " + describe(request),
                        () -> answersInOpenAiShape(operation, request)));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> upstreamErrorsBecomeProviderExceptionsOfTheirKind() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Operation operation : Operation.values()) {
            String op = operation.configName() + ": ";
            tests.add(DynamicTest.dynamicTest(op + "401 is UPSTREAM_AUTH, the key not in the message",
                    () -> credentialsRefused(operation, 401)));
            tests.add(DynamicTest.dynamicTest(op + "403 is UPSTREAM_AUTH, the key not in the message",
                    () -> credentialsRefused(operation, 403)));
            tests.add(DynamicTest.dynamicTest(op + "an unknown model is UPSTREAM_CONFIG", () -> {
                try (Subject subject = subject(operation)) {
                    subject.upstream.refuseModel(operation);
                    assertThat(failure(subject, operation).kind()).isEqualTo(ErrorKind.UPSTREAM_CONFIG);
                }
            }));
            tests.add(DynamicTest.dynamicTest(op + "429 is RATE_LIMITED with the upstream's Retry-After", () -> {
                try (Subject subject = subject(operation)) {
                    subject.upstream.rateLimit(operation, Duration.ofSeconds(7));
                    ProviderException failure = failure(subject, operation);
                    assertThat(failure.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
                    assertThat(failure.retryAfter()).as("retry after").contains(Duration.ofSeconds(7));
                }
            }));
            tests.add(DynamicTest.dynamicTest(op + "429 without Retry-After is RATE_LIMITED", () -> {
                try (Subject subject = subject(operation)) {
                    subject.upstream.rateLimit(operation, null);
                    assertThat(failure(subject, operation).kind()).isEqualTo(ErrorKind.RATE_LIMITED);
                }
            }));
            for (int status : new int[] {500, 502, 503}) {
                tests.add(DynamicTest.dynamicTest(op + status + " is UPSTREAM_FAILED", () -> {
                    try (Subject subject = subject(operation)) {
                        subject.upstream.fail(operation, status);
                        assertThat(failure(subject, operation).kind()).isEqualTo(ErrorKind.UPSTREAM_FAILED);
                    }
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> anUpstreamThatNeverAnswersTimesOutWithinTheCallsTimeout() {
        return Stream.of(Operation.values()).map(operation -> DynamicTest.dynamicTest(operation.configName(), () -> {
            try (Subject subject = subject(operation)) {
                subject.upstream.hang(operation);
                Duration timeout = hangTimeout();
                long started = System.nanoTime();
                Throwable thrown = catchThrowable(() -> subject.call(firstRequest(operation), timeout));
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(thrown).isInstanceOf(ProviderException.class);
                assertThat(((ProviderException) thrown).kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
                // The timeout bounds the wait; the slack is for a loaded machine, not for a second attempt.
                assertThat(took).isLessThan(timeout.plusSeconds(2));
            }
        }));
    }

    @Test
    void speechStreamDeliversTheFirstChunkBeforeTheUpstreamFinishes() throws Exception {
        try (Subject subject = subject(Operation.SPEECH)) {
            UpstreamStream stream = subject.upstream.streamNextSpeech();
            stream.sendChunk();
            try (AutoCloseable answer = (AutoCloseable) subject.call(streamingSpeech(), STEP_LIMIT)) {
                InputStream audio = AnswerShapes.body((ProviderAnswer) answer);
                int first = Bounded.within(STEP_LIMIT, "reading the first chunk while the upstream still streams",
                        audio::read);
                assertThat(first).as("the first byte, before the upstream ended").isNotEqualTo(-1);

                stream.sendChunk();
                stream.end();
                byte[] rest = Bounded.within(STEP_LIMIT, "reading the rest of the stream", audio::readAllBytes);
                assertThat(rest).as("the rest of the audio").isNotEmpty();
            }
        }
    }

    @Test
    void aSpeechStreamThatBreaksOffFailsOnRead() throws Exception {
        try (Subject subject = subject(Operation.SPEECH)) {
            UpstreamStream stream = subject.upstream.streamNextSpeech();
            stream.sendChunk();
            try (AutoCloseable answer = (AutoCloseable) subject.call(streamingSpeech(), STEP_LIMIT)) {
                InputStream audio = AnswerShapes.body((ProviderAnswer) answer);
                Bounded.within(STEP_LIMIT, "reading the first chunk", audio::read);
                stream.breakOff();

                Throwable thrown = catchThrowable(() -> Bounded.within(STEP_LIMIT, "reading to the break",
                        audio::readAllBytes));
                assertThat(thrown).as("reading a stream that broke off")
                        .isInstanceOfAny(IOException.class, UncheckedIOException.class, ProviderException.class);
            }
        }
    }

    @Test
    void closingASpeechStreamEarlyReleasesTheUpstreamConnection() throws Exception {
        try (Subject subject = subject(Operation.SPEECH)) {
            UpstreamStream stream = subject.upstream.streamNextSpeech();
            stream.sendChunk();
            AutoCloseable answer = (AutoCloseable) subject.call(streamingSpeech(), STEP_LIMIT);
            Bounded.within(STEP_LIMIT, "reading the first chunk", AnswerShapes.body((ProviderAnswer) answer)::read);

            answer.close();

            assertThat(stream.awaitReleased(Duration.ofSeconds(5)))
                    .as("the upstream saw the connection go once the answer was closed").isTrue();
        }
    }

    private void answersInOpenAiShape(Operation operation, MediaRequest request) throws Exception {
        try (Subject subject = subject(operation)) {
            ProviderAnswer answer = subject.call(request, STEP_LIMIT);
            Usage carried;
            try {
                carried = Bounded.within(STEP_LIMIT, "reading the answer", () -> switch (request) {
                    case SpeechRequest speech -> AnswerShapes.speech(speech, answer);
                    case TranscriptionRequest transcription -> AnswerShapes.transcript(transcription.responseFormat(), answer);
                    case TranslationRequest translation -> AnswerShapes.transcript(translation.responseFormat(), answer);
                    case ImageRequest image -> AnswerShapes.images(image.wantsBase64(), answer);
                    case ImageEditRequest edit -> AnswerShapes.images(edit.wantsBase64(), answer);
                    case ImageVariationRequest variation -> AnswerShapes.images(variation.wantsBase64(), answer);
                    default -> throw new IllegalStateException("no check for " + request);
                });
            } finally {
                if (answer instanceof AutoCloseable closeable) {
                    closeable.close();
                }
            }
            Usage reported = subject.usage.merged().overriddenBy(carried);
            assertThat(reported.amounts().keySet()).as("usage units reported").containsAll(reportedUsage(request));
            assertThat(reported.estimated()).as("a provider reports what its upstream said, never an estimate").isFalse();
        }
    }

    private void credentialsRefused(Operation operation, int status) throws Exception {
        try (Subject subject = subject(operation)) {
            subject.upstream.refuseCredentials(operation, status, API_KEY);
            ProviderException failure = failure(subject, operation);
            assertThat(failure.kind()).isEqualTo(ErrorKind.UPSTREAM_AUTH);
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).as("the error's message")
                        .doesNotContain(keyFragments().toArray(String[]::new));
            }
        }
    }

    /** Every stretch of six characters of the key past its prefix: what a masked or truncated quote would hold. */
    private static List<String> keyFragments() {
        List<String> fragments = new ArrayList<>();
        for (int i = 3; i + 6 <= API_KEY.length(); i++) {
            fragments.add(API_KEY.substring(i, i + 6));
        }
        return fragments;
    }

    private ProviderException failure(Subject subject, Operation operation) {
        Throwable thrown = catchThrowable(() -> {
            ProviderAnswer answer = subject.call(firstRequest(operation), STEP_LIMIT);
            if (answer instanceof AutoCloseable closeable) {
                closeable.close();
            }
        });
        assertThat(thrown).as("the call of %s", operation.configName()).isInstanceOf(ProviderException.class);
        return (ProviderException) thrown;
    }

    private List<MediaRequest> successfulRequests(Operation operation) {
        List<MediaRequest> requests = new ArrayList<>();
        switch (operation) {
            case SPEECH -> speechFormats().stream().sorted()
                    .forEach(format -> requests.add(speech(format, false)));
            case TRANSCRIPTION -> transcriptFormats().stream().sorted().forEach(format -> requests.add(
                    new TranscriptionRequest("conformance-transcriber", audioUpload(), null, null, format, null, List.of(),
                            false, formFields(operation, format))));
            case TRANSLATION -> transcriptFormats().stream().sorted()
                    .filter(format -> format != TranscriptFormat.DIARIZED_JSON).forEach(format -> requests.add(
                            new TranslationRequest("conformance-translator", audioUpload(), null, format, null,
                                    formFields(operation, format))));
            case IMAGE -> imageFormats().stream().sorted().forEach(format -> requests.add(
                    ImageRequest.builder("conformance-painter", "a lighthouse at dusk").responseFormat(format).build()));
            case IMAGE_EDIT -> imageFormats().stream().sorted().forEach(format -> requests.add(
                    ImageEditRequest.builder("conformance-editor", "give the lighthouse a red roof",
                            List.of(imageUpload(), imageUpload())).mask(imageUpload()).responseFormat(format)
                            .fields(List.of(new FormField("model", upstreamModel(operation)),
                                    new FormField("prompt", "give the lighthouse a red roof"),
                                    new FormField("response_format", format)))
                            .build()));
            case IMAGE_VARIATION -> imageFormats().stream().sorted().forEach(format -> requests.add(
                    new ImageVariationRequest("conformance-varier", imageUpload(), 1, null, format, null,
                            List.of(new FormField("model", upstreamModel(operation)),
                                    new FormField("response_format", format)))));
        }
        return requests;
    }

    private MediaRequest firstRequest(Operation operation) {
        List<MediaRequest> requests = successfulRequests(operation);
        Assumptions.assumeFalse(requests.isEmpty(), "no format of " + operation.configName() + " to ask for");
        return requests.getFirst();
    }

    private List<FormField> formFields(Operation operation, TranscriptFormat format) {
        return List.of(new FormField("model", upstreamModel(operation)), new FormField("response_format", format.wireName()));
    }

    private SpeechRequest streamingSpeech() {
        AudioFormat format = speechFormats().contains(AudioFormat.MP3) ? AudioFormat.MP3
                : speechFormats().stream().sorted().findFirst().orElseThrow();
        return speech(format, true);
    }

    private static SpeechRequest speech(AudioFormat format, boolean chunked) {
        return new SpeechRequest("conformance-voice", "Hello from Prism's conformance kit.", Voice.named("alloy"), format,
                1.0, null, false, chunked, Map.of());
    }

    private static String describe(MediaRequest request) {
        return switch (request) {
            case SpeechRequest speech -> speech.responseFormat().wireName();
            case TranscriptionRequest transcription -> transcription.responseFormat().wireName();
            case TranslationRequest translation -> translation.responseFormat().wireName();
            case ImageRequest image -> image.responseFormat();
            case ImageEditRequest edit -> edit.responseFormat();
            case ImageVariationRequest variation -> variation.responseFormat();
            default -> request.toString();
        };
    }

    /** A fresh fake and provider for one check, skipping it when the provider does not declare {@code operation}. */
    private Subject subject(Operation operation) {
        UpstreamFake upstream = startUpstream();
        JdkHttpTransport http = new JdkHttpTransport();
        Provider provider;
        try {
            provider = factory().create(YamlProviderConfig.parse(PROVIDER_NAME, factory().type(),
                    providerConfig(upstream)), new KitContext(http));
        } catch (RuntimeException e) {
            http.close();
            upstream.close();
            throw e;
        }
        Subject subject = new Subject(upstream, http, provider, new RecordingUsageReport());
        if (!declares(provider, operation)) {
            subject.close();
            Assumptions.abort(provider.getClass().getSimpleName() + " does not declare " + operation.configName());
        }
        return subject;
    }

    private static boolean declares(Provider provider, Operation operation) {
        return switch (operation) {
            case SPEECH -> provider instanceof SpeechSynthesis;
            case TRANSCRIPTION -> provider instanceof Transcription;
            case TRANSLATION -> provider instanceof Translation;
            case IMAGE -> provider instanceof ImageGeneration;
            case IMAGE_EDIT -> provider instanceof ImageEditing;
            case IMAGE_VARIATION -> provider instanceof ImageVariations;
        };
    }

    private final class Subject implements AutoCloseable {
        private final UpstreamFake upstream;
        private final JdkHttpTransport http;
        private final Provider provider;
        private final RecordingUsageReport usage;

        Subject(UpstreamFake upstream, JdkHttpTransport http, Provider provider, RecordingUsageReport usage) {
            this.upstream = upstream;
            this.http = http;
            this.provider = provider;
            this.usage = usage;
        }

        ProviderAnswer call(MediaRequest request, Duration timeout) throws IOException {
            Operation operation = request.operation();
            CallContext call = new CallContext("req_conformance", upstreamModel(operation), timeout, timeout, usage);
            return Bounded.within(timeout.plus(STEP_LIMIT), "calling " + operation.configName(), () -> switch (request) {
                case SpeechRequest speech -> ((SpeechSynthesis) provider).synthesize(speech, call);
                case TranscriptionRequest transcription -> ((Transcription) provider).transcribe(transcription, call);
                case TranslationRequest translation -> ((Translation) provider).translate(translation, call);
                case ImageRequest image -> ((ImageGeneration) provider).generate(image, call);
                case ImageEditRequest edit -> ((ImageEditing) provider).edit(edit, call);
                case ImageVariationRequest variation -> ((ImageVariations) provider).vary(variation, call);
                default -> throw new IllegalStateException("no capability for " + request);
            });
        }

        @Override
        public void close() {
            try {
                provider.close();
            } finally {
                http.close();
                upstream.close();
            }
        }
    }

    /** What the host lends a provider, on the kit's transport; published media get made-up URLs. */
    private record KitContext(JdkHttpTransport http) implements ProviderContext {
        private static final AtomicInteger PUBLISHED = new AtomicInteger();

        @Override
        public String spiVersion() {
            return SpiVersion.CURRENT;
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public MediaPublisher media() {
            return (bytes, contentType, ttl) -> URI.create("http://prism.test/v1/media/" + PUBLISHED.incrementAndGet());
        }
    }
}
