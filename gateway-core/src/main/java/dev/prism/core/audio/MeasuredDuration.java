package dev.prism.core.audio;

import java.time.Duration;
import java.util.Objects;

/**
 * The duration of an uploaded audio file, to the millisecond.
 *
 * @param duration never negative
 * @param estimated true when the file's own headers could not be taken at their word: its container
 *     is unknown, it is truncated or damaged, or its headers claim more (or less) than its bytes can
 *     hold. The duration is then a bound or a guess from the size, not a measurement.
 * @param format the container (and, for Ogg, the codec) the first bytes announced
 */
public record MeasuredDuration(Duration duration, boolean estimated, AudioFormat format) {
    public MeasuredDuration {
        Objects.requireNonNull(duration, "duration is null");
        Objects.requireNonNull(format, "format is null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration is negative: " + duration);
        }
    }

    /** The duration in seconds, with a fraction. */
    public double seconds() {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }
}
