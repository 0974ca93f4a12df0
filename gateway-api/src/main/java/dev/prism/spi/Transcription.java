package dev.prism.spi;

import dev.prism.api.TranscriptionRequest;
import dev.prism.api.ProviderAnswer;

/** Speech to text in the spoken language. */
public non-sealed interface Transcription extends Capability {
    /**
     * Transcribes the upload. Either a {@link dev.prism.api.Transcript}, which the host renders in
     * the requested {@code response_format} (or as OpenAI's server-sent events when the request
     * streams), or a {@link dev.prism.api.MediaResponse} already in that wire format.
     *
     * @throws ProviderException when the upstream refused or failed
     */
    ProviderAnswer transcribe(TranscriptionRequest request, CallContext call);
}
