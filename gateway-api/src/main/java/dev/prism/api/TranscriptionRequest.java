package dev.prism.api;

import java.util.List;
import java.util.Objects;

/**
 * Speech to text in the spoken language.
 *
 * @param language ISO-639-1 code, or null
 * @param prompt or null
 * @param temperature or null when the client sent none
 * @param timestampGranularities {@code word} and/or {@code segment}, as sent
 * @param stream whether the client asked for server-sent events
 * @param fields every text field of the form as sent (model included), so an OpenAI-compatible
 *     upstream receives what Prism does not model ({@code chunking_strategy[type]}, {@code include[]})
 */
public record TranscriptionRequest(
        String model,
        Upload file,
        String language,
        String prompt,
        TranscriptFormat responseFormat,
        Double temperature,
        List<String> timestampGranularities,
        boolean stream,
        List<FormField> fields) implements MediaRequest {
    public TranscriptionRequest {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(file, "file is null");
        Objects.requireNonNull(responseFormat, "responseFormat is null");
        timestampGranularities = List.copyOf(timestampGranularities);
        fields = List.copyOf(fields);
    }

    @Override
    public Operation operation() {
        return Operation.TRANSCRIPTION;
    }

    @Override
    public boolean streaming() {
        return stream;
    }

    @Override
    public String contentType() {
        return stream ? "text/event-stream" : responseFormat.contentType();
    }
}
