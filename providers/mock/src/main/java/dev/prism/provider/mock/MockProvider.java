package dev.prism.provider.mock;

import dev.prism.api.AudioStream;
import dev.prism.api.ImageEditRequest;
import dev.prism.api.ImageRequest;
import dev.prism.api.ImageVariationRequest;
import dev.prism.api.MediaResponse;
import dev.prism.api.SpeechRequest;
import dev.prism.api.Transcript;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.spi.CallContext;
import dev.prism.spi.ImageEditing;
import dev.prism.spi.ImageGeneration;
import dev.prism.spi.ImageVariations;
import dev.prism.spi.MediaPublisher;
import dev.prism.spi.Provider;
import dev.prism.spi.SpeechSynthesis;
import dev.prism.spi.Transcription;
import dev.prism.spi.Translation;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * An offline provider for demos and tests: every answer is computed locally, deterministically, and
 * says plainly that it comes from a mock. Speech and transcripts are typed answers that the host
 * renders in OpenAI's formats (the path a provider whose upstream speaks another format takes);
 * images are OpenAI's JSON, written here.
 *
 * <ul>
 *   <li>Speech is a quiet 440 Hz tone (silence in mp3) whose length grows with the input, as wav,
 *       pcm, mp3 or flac, raw or as server-sent events. Opus and aac are refused with a 400.
 *   <li>Transcriptions and translations name the upload's size and hash, and time their words and
 *       segments over the upload's real duration (read from wav, mp3, flac and other files
 *       jaudiotagger knows; estimated from the size otherwise).
 *   <li>Images are PNG gradients in colours derived from the prompt (and, for edits and
 *       variations, from the hashes of the uploaded images and mask), inline or published through
 *       the host's {@link MediaPublisher}.
 * </ul>
 *
 * <p>Thread-safe: it holds no mutable state. Calls block only for the configured latency.
 */
public final class MockProvider
        implements Provider, SpeechSynthesis, Transcription, Translation, ImageGeneration, ImageEditing, ImageVariations {
    private final String name;
    private final Duration latency;
    private final MockSpeech speech = new MockSpeech();
    private final MockTranscriber transcriber = new MockTranscriber(new AudioDurationReader());
    private final MockImages images;

    MockProvider(String name, Duration latency, Clock clock, MediaPublisher media) {
        this.name = Objects.requireNonNull(name, "name is null");
        this.latency = Objects.requireNonNull(latency, "latency is null");
        this.images = new MockImages(Objects.requireNonNull(clock, "clock is null"),
                Objects.requireNonNull(media, "media is null"));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AudioStream synthesize(SpeechRequest request, CallContext call) {
        awaitLatency();
        return speech.synthesize(request);
    }

    @Override
    public Transcript transcribe(TranscriptionRequest request, CallContext call) {
        awaitLatency();
        return transcriber.transcribe(request);
    }

    @Override
    public Transcript translate(TranslationRequest request, CallContext call) {
        awaitLatency();
        return transcriber.translate(request);
    }

    @Override
    public MediaResponse generate(ImageRequest request, CallContext call) {
        awaitLatency();
        return images.generate(request, call.upstreamModel());
    }

    @Override
    public MediaResponse edit(ImageEditRequest request, CallContext call) {
        awaitLatency();
        return images.edit(request, call.upstreamModel());
    }

    @Override
    public MediaResponse vary(ImageVariationRequest request, CallContext call) {
        awaitLatency();
        return images.vary(request, call.upstreamModel());
    }

    private void awaitLatency() {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            // The caller gave up on the answer; keep the flag so it sees why.
            Thread.currentThread().interrupt();
        }
    }
}
