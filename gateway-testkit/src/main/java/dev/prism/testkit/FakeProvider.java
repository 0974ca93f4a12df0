package dev.prism.testkit;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.api.ImageEditRequest;
import dev.prism.api.ImageRequest;
import dev.prism.api.ImageVariationRequest;
import dev.prism.api.MediaRequest;
import dev.prism.api.MediaResponse;
import dev.prism.api.ProviderAnswer;
import dev.prism.api.SpeechRequest;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.spi.CallContext;
import dev.prism.spi.ImageEditing;
import dev.prism.spi.ImageGeneration;
import dev.prism.spi.ImageVariations;
import dev.prism.spi.Provider;
import dev.prism.spi.ProviderException;
import dev.prism.spi.SpeechSynthesis;
import dev.prism.spi.Transcription;
import dev.prism.spi.Translation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A provider for tests that does what it is told: a queue of scripted outcomes, then a default, and
 * a record of every call it received.
 *
 * <pre>{@code
 * FakeProvider p = FakeProvider.named("a").failing(ErrorKind.UPSTREAM_FAILED, 2).thenAnswering("audio/mpeg", bytes);
 * }</pre>
 */
public final class FakeProvider
        implements Provider, SpeechSynthesis, Transcription, Translation, ImageGeneration, ImageEditing, ImageVariations {
    /** One call as the fake received it. */
    public record Call(MediaRequest request, CallContext context) {}

    private final String name;
    private final Deque<Supplier<? extends ProviderAnswer>> script = new ArrayDeque<>();
    private volatile Supplier<? extends ProviderAnswer> fallback;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private FakeProvider(String name) {
        this.name = name;
        this.fallback = () -> MediaResponse.of("application/octet-stream", name.getBytes(StandardCharsets.UTF_8));
    }

    /** A fake that answers every call with its own name as the body. */
    public static FakeProvider named(String name) {
        return new FakeProvider(name);
    }

    /** The next {@code times} calls fail with {@code kind}, as if the upstream answered a typical status for it. */
    public synchronized FakeProvider failing(ErrorKind kind, int times) {
        int upstreamStatus = switch (kind) {
            case UPSTREAM_REJECTED -> 400;
            case UPSTREAM_AUTH -> 401;
            case UPSTREAM_CONFIG -> 404;
            default -> 503;
        };
        for (int i = 0; i < times; i++) {
            script.add(() -> {
                throw ProviderException.builder(kind, "fake " + name + " failed with " + kind)
                        .upstreamStatus(upstreamStatus).build();
            });
        }
        return this;
    }

    /** The next call throws this exception. */
    public synchronized FakeProvider throwing(GatewayException e) {
        script.add(() -> {
            throw e;
        });
        return this;
    }

    /** After the scripted outcomes, every call answers with this body. */
    public FakeProvider thenAnswering(String contentType, byte[] body) {
        this.fallback = () -> MediaResponse.of(contentType, body);
        return this;
    }

    /** After the scripted outcomes, every call gets what the supplier makes. */
    public FakeProvider thenAnswering(Supplier<MediaResponse> answer) {
        this.fallback = answer;
        return this;
    }

    /**
     * After the scripted outcomes, every call gets what the supplier makes: a typed answer
     * ({@code Transcript}, {@code AudioStream}) that the host renders, or a wire answer.
     */
    public FakeProvider thenAnsweringTyped(Supplier<? extends ProviderAnswer> answer) {
        this.fallback = answer;
        return this;
    }

    /** The next call gets what the supplier makes, typed or wire. */
    public synchronized FakeProvider answeringOnce(Supplier<? extends ProviderAnswer> answer) {
        script.add(answer);
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    private ProviderAnswer next(MediaRequest request, CallContext context) {
        calls.add(new Call(request, context));
        Supplier<? extends ProviderAnswer> outcome;
        synchronized (this) {
            outcome = script.isEmpty() ? fallback : script.poll();
        }
        return outcome.get();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProviderAnswer synthesize(SpeechRequest request, CallContext call) {
        return next(request, call);
    }

    @Override
    public ProviderAnswer transcribe(TranscriptionRequest request, CallContext call) {
        return next(request, call);
    }

    @Override
    public ProviderAnswer translate(TranslationRequest request, CallContext call) {
        return next(request, call);
    }

    @Override
    public ProviderAnswer generate(ImageRequest request, CallContext call) {
        return next(request, call);
    }

    @Override
    public ProviderAnswer edit(ImageEditRequest request, CallContext call) {
        return next(request, call);
    }

    @Override
    public ProviderAnswer vary(ImageVariationRequest request, CallContext call) {
        return next(request, call);
    }
}
