package dev.prism.http.openai;

import dev.prism.api.AudioStream;
import dev.prism.api.MediaRequest;
import dev.prism.api.MediaResponse;
import dev.prism.api.SpeechRequest;
import dev.prism.api.Transcript;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.core.pipeline.AnswerRenderer;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.util.Collections;
import java.util.List;

/**
 * Renders providers' typed answers in OpenAI's wire formats: transcripts as the request's
 * {@code response_format} or transcription events, audio raw or as speech events. The only place
 * that writes these formats for typed answers; providers answering in OpenAI's format already pass
 * through untouched. Stateless and thread-safe.
 */
public final class OpenAiAnswerRenderer implements AnswerRenderer {
    private static final String EVENT_STREAM = "text/event-stream";

    @Override
    public MediaResponse transcript(Transcript transcript, MediaRequest request) {
        return switch (request) {
            case TranscriptionRequest r when r.stream() -> events(TranscriptRenderer.events(transcript));
            case TranscriptionRequest r -> MediaResponse.of(r.contentType(), TranscriptRenderer.render(transcript,
                    new TranscriptRenderer.Rendering(r.responseFormat(), "transcribe", r.timestampGranularities(),
                            temperature(r.temperature()))));
            case TranslationRequest r -> MediaResponse.of(r.contentType(), TranscriptRenderer.render(transcript,
                    new TranscriptRenderer.Rendering(r.responseFormat(), "translate", List.of(),
                            temperature(r.temperature()))));
            default -> throw new IllegalArgumentException("A transcript answers no " + request.operation().configName());
        };
    }

    @Override
    public MediaResponse audio(AudioStream audio, SpeechRequest request) {
        if (request.sse()) {
            return new MediaResponse(EVENT_STREAM, -1, new SpeechEventStream(audio));
        }
        return new MediaResponse(request.contentType(), audio.contentLength(), audio.audio());
    }

    /** Events that exist whole (a transcript is small), sent as a stream of unknown length as OpenAI does. */
    private static MediaResponse events(List<byte[]> events) {
        return new MediaResponse(EVENT_STREAM, -1, new SequenceInputStream(Collections.enumeration(
                events.stream().map(ByteArrayInputStream::new).toList())));
    }

    private static double temperature(Double temperature) {
        return temperature == null || !Double.isFinite(temperature) ? 0 : temperature;
    }
}
