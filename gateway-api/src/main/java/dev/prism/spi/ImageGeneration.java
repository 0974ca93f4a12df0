package dev.prism.spi;

import dev.prism.api.ImageRequest;
import dev.prism.api.ProviderAnswer;

/** Images from a prompt. */
public non-sealed interface ImageGeneration extends Capability {
    /**
     * Generates images: a {@link dev.prism.api.MediaResponse} whose body is OpenAI's images JSON
     * ({@code created}, {@code data[]}, ...). Images have no typed answer yet.
     *
     * @throws ProviderException when the upstream refused or failed
     */
    ProviderAnswer generate(ImageRequest request, CallContext call);
}
