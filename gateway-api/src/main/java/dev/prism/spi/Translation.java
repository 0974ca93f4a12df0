package dev.prism.spi;

import dev.prism.api.MediaResponse;
import dev.prism.api.TranslationRequest;

/** Speech to English text. */
public non-sealed interface Translation extends Capability {
    /**
     * Translates the upload into English text in the requested {@code response_format}.
     *
     * @throws ProviderException when the upstream refused or failed
     */
    MediaResponse translate(TranslationRequest request, CallContext call);
}
