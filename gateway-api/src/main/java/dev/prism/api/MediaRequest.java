package dev.prism.api;

/**
 * A validated request to one of Prism's media endpoints. {@link #model()} is the alias the client
 * asked for; the upstream model a provider must use is {@code CallContext.upstreamModel()}.
 */
public sealed interface MediaRequest permits SpeechRequest, TranscriptionRequest, TranslationRequest, ImageRequest,
        ImageEditRequest, ImageVariationRequest {
    /** The model alias as the client sent it. */
    String model();

    /** The operation, for routing, limits and metrics. */
    Operation operation();

    /** Whether the answer is a stream that should reach the client as it is produced. */
    boolean streaming();

    /**
     * The content type the client gets: the requested format's, whatever the upstream sent (the
     * SDKs and players go by it).
     */
    String contentType();
}
