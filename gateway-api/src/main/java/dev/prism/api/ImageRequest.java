package dev.prism.api;

import java.util.Map;
import java.util.Objects;

/**
 * Image generation. Optional fields are null when the client did not send them: defaults differ
 * between model families and are the upstream's to apply.
 *
 * @param responseFormat {@code url} or {@code b64_json}, or null
 * @param extensions request fields Prism does not model, passed on as they came
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
        extensions = Map.copyOf(extensions);
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
}
