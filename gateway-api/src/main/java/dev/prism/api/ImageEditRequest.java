package dev.prism.api;

import java.util.List;
import java.util.Objects;

/**
 * An image edit: one or more images (and an optional mask, applied to the first) changed as the
 * prompt says. Optional fields are null when the client did not send them: defaults differ between
 * model families and are the upstream's to apply.
 *
 * <p>Build one with {@link #builder}:
 *
 * <pre>{@code
 * ImageEditRequest edit = ImageEditRequest.builder("gpt-image-1", "add a hat", List.of(photo))
 *         .mask(mask).size("1024x1024").build();
 * }</pre>
 *
 * @param imageField the form field the images came under, {@code image} or {@code image[]}: an
 *     OpenAI-compatible upstream gets them under the same name
 * @param images the images, in the order the client sent them; at least one
 * @param mask or null; its transparent areas say where the first image is edited
 * @param n how many images, 1 unless asked for more
 * @param responseFormat {@code url} or {@code b64_json}, or null
 * @param inputFidelity {@code high} or {@code low}, or null
 * @param stream whether the client asked for server-sent events ({@code image_edit.partial_image},
 *     {@code image_edit.completed})
 * @param fields every text field of the form as sent, in order (model included), so that an
 *     OpenAI-compatible upstream receives what Prism does not model
 */
public record ImageEditRequest(
        String model,
        String prompt,
        String imageField,
        List<Upload> images,
        Upload mask,
        int n,
        String size,
        String quality,
        String responseFormat,
        String background,
        String inputFidelity,
        String outputFormat,
        Integer outputCompression,
        String user,
        boolean stream,
        Integer partialImages,
        List<FormField> fields) implements MediaRequest {
    public ImageEditRequest {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(prompt, "prompt is null");
        Objects.requireNonNull(imageField, "imageField is null");
        images = List.copyOf(images);
        fields = List.copyOf(fields);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("an edit needs at least one image");
        }
    }

    @Override
    public Operation operation() {
        return Operation.IMAGE_EDIT;
    }

    @Override
    public boolean streaming() {
        return stream;
    }

    @Override
    public String contentType() {
        return stream ? "text/event-stream" : "application/json";
    }

    /** Whether the client wants images inline as base64 rather than as links. */
    public boolean wantsBase64() {
        return "b64_json".equals(responseFormat);
    }

    /** An edit of {@code images} by {@code prompt} with {@code model}, sent as {@code image[]}, every option unset. */
    public static Builder builder(String model, String prompt, List<Upload> images) {
        return new Builder(model, prompt, images);
    }

    /** Names the optional fields of an {@link ImageEditRequest} one by one. Not thread-safe. */
    public static final class Builder {
        private final String model;
        private final String prompt;
        private final List<Upload> images;
        private String imageField = "image[]";
        private Upload mask;
        private int n = 1;
        private String size;
        private String quality;
        private String responseFormat;
        private String background;
        private String inputFidelity;
        private String outputFormat;
        private Integer outputCompression;
        private String user;
        private boolean stream;
        private Integer partialImages;
        private List<FormField> fields = List.of();

        private Builder(String model, String prompt, List<Upload> images) {
            this.model = model;
            this.prompt = prompt;
            this.images = images;
        }

        /** {@code image} or {@code image[]} (the default). */
        public Builder imageField(String imageField) {
            this.imageField = imageField;
            return this;
        }

        public Builder mask(Upload mask) {
            this.mask = mask;
            return this;
        }

        public Builder n(int n) {
            this.n = n;
            return this;
        }

        public Builder size(String size) {
            this.size = size;
            return this;
        }

        public Builder quality(String quality) {
            this.quality = quality;
            return this;
        }

        public Builder responseFormat(String responseFormat) {
            this.responseFormat = responseFormat;
            return this;
        }

        public Builder background(String background) {
            this.background = background;
            return this;
        }

        public Builder inputFidelity(String inputFidelity) {
            this.inputFidelity = inputFidelity;
            return this;
        }

        public Builder outputFormat(String outputFormat) {
            this.outputFormat = outputFormat;
            return this;
        }

        public Builder outputCompression(Integer outputCompression) {
            this.outputCompression = outputCompression;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder stream(boolean stream) {
            this.stream = stream;
            return this;
        }

        public Builder partialImages(Integer partialImages) {
            this.partialImages = partialImages;
            return this;
        }

        /** Every text field of the form as sent, in order. */
        public Builder fields(List<FormField> fields) {
            this.fields = fields;
            return this;
        }

        /**
         * @throws NullPointerException when the model, the prompt, the images or the fields are null
         * @throws IllegalArgumentException when there is no image
         */
        public ImageEditRequest build() {
            return new ImageEditRequest(model, prompt, imageField, images, mask, n, size, quality, responseFormat,
                    background, inputFidelity, outputFormat, outputCompression, user, stream, partialImages, fields);
        }
    }
}
