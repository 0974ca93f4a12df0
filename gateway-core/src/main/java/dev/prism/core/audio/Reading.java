package dev.prism.core.audio;

/**
 * What one container parser found.
 *
 * @param seconds the duration, never negative
 * @param estimated whether the container's own claim could not be used as it stands: the file is
 *     truncated, damaged, or its header claims more (or less) than its bytes hold
 */
record Reading(double seconds, boolean estimated) {
    Reading {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("seconds must be finite and not negative: " + seconds);
        }
    }

    static Reading measured(double seconds) {
        return new Reading(seconds, false);
    }

    static Reading estimated(double seconds) {
        return new Reading(seconds, true);
    }

    /** This reading, marked estimated if {@code estimated}. */
    Reading orEstimated(boolean estimated) {
        return estimated ? new Reading(seconds, true) : this;
    }

    /** At most {@code limit} seconds; estimated if that cut it. */
    Reading atMost(double limit) {
        return seconds > limit ? new Reading(limit, true) : this;
    }
}
