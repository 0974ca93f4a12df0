package dev.prism.spi;

/**
 * One configured upstream. A provider declares what it can do by implementing the
 * {@link Capability} interfaces ({@link SpeechSynthesis}, {@link Transcription},
 * {@link Translation}, {@link ImageGeneration}, {@link ImageEditing}, {@link ImageVariations}); the router asks {@code provider instanceof
 * Transcription}.
 *
 * <p>Calls arrive concurrently on virtual threads and may block. Implementations are thread-safe.
 */
public interface Provider extends AutoCloseable {
    /** The name the operator gave this provider in the config (the key under {@code providers:}). */
    String name();

    /** Releases what the provider holds. Called once at shutdown. */
    @Override
    default void close() {}
}
