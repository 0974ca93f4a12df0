package dev.prism.spi;

import dev.prism.api.ImageRequest;
import dev.prism.api.MediaResponse;

/** Images from a prompt. */
public non-sealed interface ImageGeneration extends Capability {
    /**
     * Generates images. The body is OpenAI's images JSON ({@code created}, {@code data[]}, ...).
     *
     * @throws ProviderException when the upstream refused or failed
     */
    MediaResponse generate(ImageRequest request, CallContext call);
}
