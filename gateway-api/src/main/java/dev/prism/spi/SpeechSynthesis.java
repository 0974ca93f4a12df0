package dev.prism.spi;

import dev.prism.api.SpeechRequest;
import dev.prism.api.ProviderAnswer;

/** Text to speech. */
public non-sealed interface SpeechSynthesis extends Capability {
    /**
     * Starts synthesis and returns as soon as the upstream answered: the audio is read from the
     * answer as the upstream produces it. Either an {@link dev.prism.api.AudioStream}, which the
     * host sends raw or wraps as OpenAI's speech server-sent events when the request asks
     * {@code stream_format: sse}, or a {@link dev.prism.api.MediaResponse} already in OpenAI's wire
     * format for the request.
     *
     * @throws ProviderException when the upstream refused or failed before the audio started
     */
    ProviderAnswer synthesize(SpeechRequest request, CallContext call);
}
