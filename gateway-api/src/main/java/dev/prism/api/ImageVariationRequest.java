package dev.prism.api;

import java.util.List;
import java.util.Objects;

/**
 * Variations of one image (dall-e-2). Optional fields are null when the client did not send them.
 *
 * @param n how many images, 1 unless asked for more
 * @param size or null
 * @param responseFormat {@code url} or {@code b64_json}, or null
 * @param user or null
 * @param fields every text field of the form as sent, in order (model included), so that an
 *     OpenAI-compatible upstream receives what Prism does not model
 */
public record ImageVariationRequest(
        String model,
        Upload image,
        int n,
        String size,
        String responseFormat,
        String user,
        List<FormField> fields) implements MediaRequest {
    public ImageVariationRequest {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(image, "image is null");
        fields = List.copyOf(fields);
    }

    @Override
    public Operation operation() {
        return Operation.IMAGE_VARIATION;
    }

    @Override
    public boolean streaming() {
        return false;
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    /** Whether the client wants images inline as base64 rather than as links. */
    public boolean wantsBase64() {
        return "b64_json".equals(responseFormat);
    }
}
