package dev.prism.spi;

import dev.prism.api.ImageEditRequest;
import dev.prism.api.ProviderAnswer;

/** Images edited as a prompt says, from one or more images and an optional mask. Since SPI 2.2. */
public non-sealed interface ImageEditing extends Capability {
    /**
     * Edits the images: a {@link dev.prism.api.MediaResponse} whose body is OpenAI's images JSON
     * ({@code created}, {@code data[]}, {@code usage}), or, when the request streams, OpenAI's
     * server-sent events ({@code image_edit.partial_image}, {@code image_edit.completed}) as they come.
     *
     * @throws ProviderException when the upstream refused or failed
     */
    ProviderAnswer edit(ImageEditRequest request, CallContext call);
}
