package dev.prism.api;

import java.util.Map;
import java.util.Objects;

/**
 * Text to speech. Defaults are filled in, so two requests that mean the same are equal.
 *
 * @param instructions voice instructions, or null
 * @param sse whether the client asked for {@code stream_format: "sse"} (server-sent events of
 *     base64 audio deltas) instead of raw audio
 * @param chunked whether the client called the streaming route and wants raw audio as produced
 * @param extensions request fields Prism does not model, passed to OpenAI-compatible upstreams
 *     as they came, in the order they came (plain Java values: String, Number, Boolean, List, Map)
 */
public record SpeechRequest(
        String model,
        String input,
        Voice voice,
        AudioFormat responseFormat,
        double speed,
        String instructions,
        boolean sse,
        boolean chunked,
        Map<String, Object> extensions) implements MediaRequest {
    public SpeechRequest {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(input, "input is null");
        Objects.requireNonNull(voice, "voice is null");
        Objects.requireNonNull(responseFormat, "responseFormat is null");
        extensions = OrderedFields.copyOf(extensions);
    }

    @Override
    public Operation operation() {
        return Operation.SPEECH;
    }

    @Override
    public boolean streaming() {
        return sse || chunked;
    }

    /** The content type of the answer: the audio format's, or event-stream for SSE. */
    @Override
    public String contentType() {
        return sse ? "text/event-stream" : responseFormat.contentType();
    }
}
