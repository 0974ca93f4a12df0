package dev.prism.core.record;

import dev.prism.api.Usage;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request asks for, measured by Prism before any upstream is called and never taken from
 * the client: the characters of a speech input, the seconds of an upload, the images asked for
 * with their size and quality. A limit or a budget decides on these before spending anything.
 *
 * @param usage the measured amounts (estimated where a duration had to be guessed from a size)
 * @param imageSize the size asked for, for images
 * @param imageQuality the quality asked for, for images
 */
public record MediaUnits(Usage usage, Optional<String> imageSize, Optional<String> imageQuality) {
    public static final MediaUnits NONE = new MediaUnits(Usage.NONE, Optional.empty(), Optional.empty());

    public MediaUnits {
        Objects.requireNonNull(usage, "usage is null");
        Objects.requireNonNull(imageSize, "imageSize is null");
        Objects.requireNonNull(imageQuality, "imageQuality is null");
    }

    public static MediaUnits of(Usage usage) {
        return new MediaUnits(usage, Optional.empty(), Optional.empty());
    }
}
