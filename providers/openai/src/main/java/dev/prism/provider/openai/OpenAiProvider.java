package dev.prism.provider.openai;

import dev.prism.api.ImageEditRequest;
import dev.prism.api.ImageRequest;
import dev.prism.api.ImageVariationRequest;
import dev.prism.api.MediaResponse;
import dev.prism.api.SpeechRequest;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.spi.CallContext;
import dev.prism.spi.ImageEditing;
import dev.prism.spi.ImageGeneration;
import dev.prism.spi.ImageVariations;
import dev.prism.spi.Provider;
import dev.prism.spi.SpeechSynthesis;
import dev.prism.spi.Transcription;
import dev.prism.spi.Translation;

/**
 * Speaks OpenAI's own API, so the request goes out nearly as it came in: the model becomes the
 * target's upstream model, fields Prism does not model pass through, and forms keep their
 * bracket-notation fields. The usage OpenAI reports in its answers goes to the call's
 * {@link CallContext#usage()} ({@link UsageTap}).
 */
final class OpenAiProvider
        implements Provider, SpeechSynthesis, Transcription, Translation, ImageGeneration, ImageEditing, ImageVariations {
    private final String name;
    private final OpenAiEndpoint endpoint;
    private final UsageTap usage;

    OpenAiProvider(String name, OpenAiEndpoint endpoint) {
        this.name = name;
        this.endpoint = endpoint;
        this.usage = new UsageTap(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public MediaResponse synthesize(SpeechRequest request, CallContext call) {
        return usage.tap(endpoint.post("/audio/speech", OpenAiWire.speech(request, call.upstreamModel()), call,
                request.contentType()), request.operation(), call.usage());
    }

    @Override
    public MediaResponse transcribe(TranscriptionRequest request, CallContext call) {
        return usage.tap(endpoint.post("/audio/transcriptions", OpenAiWire.transcription(request, call.upstreamModel()),
                call, request.contentType()), request.operation(), call.usage());
    }

    @Override
    public MediaResponse translate(TranslationRequest request, CallContext call) {
        return usage.tap(endpoint.post("/audio/translations", OpenAiWire.translation(request, call.upstreamModel()),
                call, request.contentType()), request.operation(), call.usage());
    }

    @Override
    public MediaResponse generate(ImageRequest request, CallContext call) {
        return usage.tap(endpoint.post("/images/generations", OpenAiWire.imageGeneration(request, call.upstreamModel()),
                call, request.contentType()), request.operation(), call.usage());
    }

    @Override
    public MediaResponse edit(ImageEditRequest request, CallContext call) {
        return usage.tap(endpoint.post("/images/edits", OpenAiWire.imageEdit(request, call.upstreamModel()), call,
                request.contentType()), request.operation(), call.usage());
    }

    @Override
    public MediaResponse vary(ImageVariationRequest request, CallContext call) {
        return usage.tap(endpoint.post("/images/variations", OpenAiWire.imageVariation(request, call.upstreamModel()),
                call, request.contentType()), request.operation(), call.usage());
    }
}
