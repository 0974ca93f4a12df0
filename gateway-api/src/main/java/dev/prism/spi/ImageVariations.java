package dev.prism.spi;

import dev.prism.api.ImageVariationRequest;
import dev.prism.api.ProviderAnswer;

/** Variations of one image. Since SPI 2.2. */
public non-sealed interface ImageVariations extends Capability {
    /**
     * Makes variations of the image: a {@link dev.prism.api.MediaResponse} whose body is OpenAI's
     * images JSON ({@code created}, {@code data[]}).
     *
     * @throws ProviderException when the upstream refused or failed
     */
    ProviderAnswer vary(ImageVariationRequest request, CallContext call);
}
