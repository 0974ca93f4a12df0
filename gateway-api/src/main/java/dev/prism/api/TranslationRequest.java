package dev.prism.api;

import java.util.List;
import java.util.Objects;

/**
 * Speech to English text.
 *
 * @param prompt or null
 * @param temperature or null when the client sent none
 * @param fields every text field of the form as sent (model included)
 */
public record TranslationRequest(
        String model,
        Upload file,
        String prompt,
        TranscriptFormat responseFormat,
        Double temperature,
        List<FormField> fields) implements MediaRequest {
    public TranslationRequest {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(file, "file is null");
        Objects.requireNonNull(responseFormat, "responseFormat is null");
        fields = List.copyOf(fields);
    }

    @Override
    public Operation operation() {
        return Operation.TRANSLATION;
    }

    @Override
    public boolean streaming() {
        return false;
    }

    @Override
    public String contentType() {
        return responseFormat.contentType();
    }
}
