package dev.prism.core.pipeline;

import dev.prism.api.AudioStream;
import dev.prism.api.MediaRequest;
import dev.prism.api.MediaResponse;
import dev.prism.api.ProviderAnswer;
import dev.prism.api.SpeechRequest;
import dev.prism.api.Transcript;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.spi.ProviderException;
import dev.prism.spi.UsageReport;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.Supplier;

/**
 * A provider's answer as the wire bytes the client gets: a wire answer as it came, a typed one
 * rendered by the {@link AnswerRenderer}, with what it used reported into the call's record.
 */
final class TypedAnswers {
    private final AnswerRenderer renderer;

    TypedAnswers(AnswerRenderer renderer) {
        this.renderer = renderer;
    }

    MediaResponse toWire(ProviderAnswer answer, MediaRequest request, UsageReport usage, String provider) {
        return switch (answer) {
            case MediaResponse wire -> wire;
            case Transcript transcript when request instanceof TranscriptionRequest
                    || request instanceof TranslationRequest -> {
                usage.report(usageOf(transcript));
                yield renderer.transcript(transcript, request);
            }
            case AudioStream audio when request instanceof SpeechRequest speech ->
                    renderer.audio(reportingAtEnd(audio, usage), speech);
            case Transcript t -> throw mismatch(provider, "a transcript", request);
            case AudioStream a -> {
                a.close();
                throw mismatch(provider, "audio", request);
            }
        };
    }

    /** What the upstream reported, or else the transcribed audio's length: a transcript always says it. */
    static Usage usageOf(Transcript transcript) {
        if (!transcript.usage().isEmpty()) {
            return transcript.usage();
        }
        return Usage.NONE.with(UsageUnit.AUDIO_SECONDS,
                BigDecimal.valueOf(transcript.duration()).setScale(3, RoundingMode.HALF_UP));
    }

    /**
     * The same audio, whose usage is asked for once, when the audio ends, and reported then. The
     * renderer asking for it again after the end gets the same.
     */
    private static AudioStream reportingAtEnd(AudioStream audio, UsageReport report) {
        Supplier<Usage> once = new Supplier<>() {
            private Usage resolved;

            @Override
            public synchronized Usage get() {
                if (resolved == null) {
                    resolved = audio.usage().get();
                    if (resolved == null) {
                        resolved = Usage.NONE;
                    }
                    if (!resolved.isEmpty()) {
                        report.report(resolved);
                    }
                }
                return resolved;
            }
        };
        InputStream atEnd = new FilterInputStream(audio.audio()) {
            @Override
            public int read() throws IOException {
                return ended(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return ended(super.read(b, off, len));
            }

            private int ended(int result) {
                if (result < 0) {
                    once.get();
                }
                return result;
            }
        };
        return new AudioStream(audio.format(), audio.contentLength(), atEnd, once);
    }

    private static ProviderException mismatch(String provider, String what, MediaRequest request) {
        return ProviderException.failed("Provider '" + provider + "' answered " + what + " to a "
                + request.operation().configName() + " request", null);
    }
}
