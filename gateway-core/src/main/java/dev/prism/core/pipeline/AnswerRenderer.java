package dev.prism.core.pipeline;

import dev.prism.api.AudioStream;
import dev.prism.api.GatewayException;
import dev.prism.api.ErrorKind;
import dev.prism.api.MediaRequest;
import dev.prism.api.MediaResponse;
import dev.prism.api.SpeechRequest;
import dev.prism.api.Transcript;

/**
 * Turns a provider's typed answer into the wire format the client asked for. Core knows no wire
 * format: the transport adapter binds the implementation (OpenAI's formats, in gateway-http).
 *
 * <p>Rendering happens before the failover commit point, and what it returns is what the cache
 * stores and the client receives. Implementations never buffer audio: the returned body reads the
 * audio only as it is itself read. Thread-safe.
 */
public interface AnswerRenderer {
    /** Refuses every typed answer: for a core assembled without a transport adapter (tests, tools). */
    AnswerRenderer NONE = new AnswerRenderer() {
        @Override
        public MediaResponse transcript(Transcript transcript, MediaRequest request) {
            throw new GatewayException(ErrorKind.INTERNAL, "No renderer for typed answers is bound");
        }

        @Override
        public MediaResponse audio(AudioStream audio, SpeechRequest request) {
            throw new GatewayException(ErrorKind.INTERNAL, "No renderer for typed answers is bound");
        }
    };

    /**
     * The transcript in the request's {@code response_format}, or as server-sent events when the
     * request streams.
     *
     * @param request a transcription or a translation
     */
    MediaResponse transcript(Transcript transcript, MediaRequest request);

    /**
     * The audio, raw or as server-sent events when the request asked for them. Asks
     * {@link AudioStream#usage()} only after the audio's end.
     */
    MediaResponse audio(AudioStream audio, SpeechRequest request);
}
