package dev.prism.provider.azure;

import dev.prism.api.ImageEditRequest;
import dev.prism.api.ImageRequest;
import dev.prism.api.MediaResponse;
import dev.prism.api.Operation;
import dev.prism.api.SpeechRequest;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.provider.openai.OpenAiWire;
import dev.prism.spi.CallContext;
import dev.prism.spi.ImageEditing;
import dev.prism.spi.ImageGeneration;
import dev.prism.spi.Provider;
import dev.prism.spi.RequestBody;
import dev.prism.spi.SpeechSynthesis;
import dev.prism.spi.Transcription;
import dev.prism.spi.Translation;

/**
 * Azure OpenAI speaks OpenAI's request bodies, so they go out as the {@code openai} provider
 * sends them ({@link OpenAiWire}), except that the model is the deployment in the URL and not in
 * the body. JSON answers lose Azure's content-filter annotations ({@link AzureAnnotationStripper})
 * before their usage is read, so the client gets OpenAI's shape. Azure has no image variations
 * (dall-e-2 is not deployed there), so this provider does not offer them.
 */
final class AzureOpenAiProvider
        implements Provider, SpeechSynthesis, Transcription, Translation, ImageGeneration, ImageEditing {
    private final String name;
    private final AzureEndpoint endpoint;

    AzureOpenAiProvider(String name, AzureEndpoint endpoint) {
        this.name = name;
        this.endpoint = endpoint;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public MediaResponse synthesize(SpeechRequest request, CallContext call) {
        return call(call, "audio/speech", OpenAiWire.speech(request, null), request.contentType(), request.operation());
    }

    @Override
    public MediaResponse transcribe(TranscriptionRequest request, CallContext call) {
        return call(call, "audio/transcriptions", OpenAiWire.transcription(request, null), request.contentType(),
                request.operation());
    }

    @Override
    public MediaResponse translate(TranslationRequest request, CallContext call) {
        return call(call, "audio/translations", OpenAiWire.translation(request, null), request.contentType(),
                request.operation());
    }

    @Override
    public MediaResponse generate(ImageRequest request, CallContext call) {
        return call(call, "images/generations", OpenAiWire.imageGeneration(request, null), request.contentType(),
                request.operation());
    }

    @Override
    public MediaResponse edit(ImageEditRequest request, CallContext call) {
        return call(call, "images/edits", OpenAiWire.imageEdit(request, null), request.contentType(),
                request.operation());
    }

    private MediaResponse call(CallContext call, String operationPath, RequestBody body, String contentType,
            Operation operation) {
        MediaResponse answer = endpoint.post(call.upstreamModel(), operationPath, body, call, contentType);
        return OpenAiWire.reportingUsage(name, AzureAnnotationStripper.strip(answer), operation, call.usage());
    }
}
