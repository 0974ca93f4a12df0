package dev.prism.api;

import java.util.Map;
import java.util.Objects;

/**
 * Image generation. Optional fields are null when the client did not send them: defaults differ
 * between model families and are the upstream's to apply.
 *
 * <p>Build one with {@link #builder}, which names each field:
 *
 * <pre>{@code
 * ImageRequest request = ImageRequest.builder("gpt-image-1", "a fox in the snow")
 *         .n(2).size("1024x1536").quality("high").build();
 * }</pre>
 *
 * @param n how many images, 1 unless asked for more
 * @param responseFormat {@code url} or {@code b64_json}, or null
 * @param extensions request fields Prism does not model, passed on as they came, in the order they came
 */
public record ImageRequest(
        String model,
        String prompt,
        int n,
        String size,
        String quality,
        String style,
        String responseFormat,
        String user,
        String outputFormat,
        Integer outputCompression,
        String background,
        String moderation,
        boolean stream,
        Integer partialImages,
        Map<String, Object> extensions) implements MediaRequest {
    public ImageRequest {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(prompt, "prompt is null");
        extensions = OrderedFields.copyOf(extensions);
    }

    @Override
    public Operation operation() {
        return Operation.IMAGE;
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

    /** A request for one image of {@code prompt} from {@code model}, every optional field unset. */
    public static Builder builder(String model, String prompt) {
        return new Builder(model, prompt);
    }

    /** Names the optional fields of an {@link ImageRequest} one by one. Not thread-safe. */
    public static final class Builder {
        private final String model;
        private final String prompt;
        private int n = 1;
        private String size;
        private String quality;
        private String style;
        private String responseFormat;
        private String user;
        private String outputFormat;
        private Integer outputCompression;
        private String background;
        private String moderation;
        private boolean stream;
        private Integer partialImages;
        private Map<String, Object> extensions = Map.of();

        private Builder(String model, String prompt) {
            this.model = model;
            this.prompt = prompt;
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

        public Builder style(String style) {
            this.style = style;
            return this;
        }

        /** {@code url} or {@code b64_json}. */
        public Builder responseFormat(String responseFormat) {
            this.responseFormat = responseFormat;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
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

        public Builder background(String background) {
            this.background = background;
            return this;
        }

        public Builder moderation(String moderation) {
            this.moderation = moderation;
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

        /** Request fields Prism does not model, passed on as they came. */
        public Builder extensions(Map<String, Object> extensions) {
            this.extensions = extensions;
            return this;
        }

        /** @throws NullPointerException when the model, the prompt or the extensions are null */
        public ImageRequest build() {
            return new ImageRequest(model, prompt, n, size, quality, style, responseFormat, user, outputFormat,
                    outputCompression, background, moderation, stream, partialImages, extensions);
        }
    }
}
