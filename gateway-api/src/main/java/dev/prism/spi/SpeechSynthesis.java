package dev.prism.spi;

import dev.prism.api.MediaResponse;
import dev.prism.api.SpeechRequest;

/** Text to speech. */
public non-sealed interface SpeechSynthesis extends Capability {
    /**
     * Starts synthesis and returns as soon as the upstream answered: the audio is read from the
     * response as the upstream produces it.
     *
     * @throws ProviderException when the upstream refused or failed before the audio started
     */
    MediaResponse synthesize(SpeechRequest request, CallContext call);
}
