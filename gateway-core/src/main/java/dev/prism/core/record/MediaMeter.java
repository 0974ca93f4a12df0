package dev.prism.core.record;

import dev.prism.api.ImageEditRequest;
import dev.prism.api.ImageRequest;
import dev.prism.api.ImageVariationRequest;
import dev.prism.api.MediaRequest;
import dev.prism.api.SpeechRequest;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.api.Upload;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import java.util.Optional;
import java.util.function.Function;

/**
 * Measures what a request asks for before any upstream is called, from the request itself and
 * never from what the client claims: characters as code points (not UTF-8 bytes), images with
 * their size and quality, the duration of an upload read from its own bytes.
 */
public final class MediaMeter {
    private final Function<Upload, Usage> audioDuration;

    /** @param audioDuration the seconds of audio in an upload, as {@link UsageUnit#AUDIO_SECONDS} */
    public MediaMeter(Function<Upload, Usage> audioDuration) {
        this.audioDuration = audioDuration;
    }

    public MediaUnits measure(MediaRequest request) {
        return switch (request) {
            case SpeechRequest r -> MediaUnits.of(Usage.of(UsageUnit.CHARACTERS, r.input().codePointCount(0, r.input().length())));
            case ImageRequest r -> new MediaUnits(Usage.of(UsageUnit.IMAGES, r.n()), Optional.ofNullable(r.size()),
                    Optional.ofNullable(r.quality()));
            case ImageEditRequest r -> new MediaUnits(Usage.of(UsageUnit.IMAGES, r.n()), Optional.ofNullable(r.size()),
                    Optional.ofNullable(r.quality()));
            // Variations are dall-e-2's: one quality, priced by size.
            case ImageVariationRequest r -> new MediaUnits(Usage.of(UsageUnit.IMAGES, r.n()), Optional.ofNullable(r.size()),
                    Optional.empty());
            case TranscriptionRequest r -> MediaUnits.of(audioDuration.apply(r.file()));
            case TranslationRequest r -> MediaUnits.of(audioDuration.apply(r.file()));
        };
    }
}
