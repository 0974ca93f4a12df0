package dev.prism.spi;

import dev.prism.api.MediaResponse;
import dev.prism.api.TranscriptionRequest;

/** Speech to text in the spoken language. */
public non-sealed interface Transcription extends Capability {
    /**
     * Transcribes the upload. The body is in the requested {@code response_format} (or OpenAI's
     * server-sent events when the request streams).
     *
     * @throws ProviderException when the upstream refused or failed
     */
    MediaResponse transcribe(TranscriptionRequest request, CallContext call);
}
