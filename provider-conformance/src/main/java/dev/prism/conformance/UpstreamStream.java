package dev.prism.conformance;

import java.time.Duration;

/**
 * An answer the fake upstream is sending while the check decides when each part leaves: what the
 * streaming checks use to prove that a provider passes audio on as it comes. Made by
 * {@link UpstreamFake#streamNextSpeech}; used for one call.
 */
public interface UpstreamStream {
    /** Sends one more chunk of audio, in the upstream's own wire format, flushed on its own. */
    void sendChunk();

    /** Ends the answer cleanly (the upstream's own end of stream, if it has one, included). */
    void end();

    /** Drops the connection without ending the answer: an upstream that broke off mid-stream. */
    void breakOff();

    /**
     * Waits until the fake sees that the client side has let the connection go (its writes fail),
     * sending more chunks as it waits if it must: the proof that closing an answer early released
     * the upstream.
     *
     * @return false when it did not happen within {@code timeout}
     */
    boolean awaitReleased(Duration timeout) throws InterruptedException;
}
