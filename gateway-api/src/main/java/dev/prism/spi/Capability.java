package dev.prism.spi;

/** Something a provider can do. Capabilities are types, so what a provider claims is what it has. */
public sealed interface Capability permits SpeechSynthesis, Transcription, Translation, ImageGeneration,
        ImageEditing, ImageVariations {}
