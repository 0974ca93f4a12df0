package dev.prism.spi;

import dev.prism.api.TranslationRequest;
import dev.prism.api.ProviderAnswer;

/** Speech to English text. */
public non-sealed interface Translation extends Capability {
    /**
     * Translates the upload into English text: a {@link dev.prism.api.Transcript}, which the host
     * renders in the requested {@code response_format}, or a {@link dev.prism.api.MediaResponse}
     * already in that wire format.
     *
     * @throws ProviderException when the upstream refused or failed
     */
    ProviderAnswer translate(TranslationRequest request, CallContext call);
}
