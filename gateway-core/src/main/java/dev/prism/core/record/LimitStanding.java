package dev.prism.core.record;

import java.time.Duration;
import java.util.Objects;

/**
 * Where one rate limit stands after a call took from it (or was refused by it): what the
 * {@code x-ratelimit-*} headers report. In the limit's configured units (whole seconds for audio).
 *
 * @param counts whether the limit counts requests or the media unit the request spends
 * @param limit the limit per window
 * @param remaining what is left now, never below 0
 * @param reset how long until the limit is full again
 * @param keys whether the limit is the key's own (not its model's or a provider's): only keys with
 *     limits of their own are shown any
 */
public record LimitStanding(Counts counts, long limit, long remaining, Duration reset, boolean keys) {
    /** The two families of OpenAI's rate-limit headers. */
    public enum Counts {
        /** {@code x-ratelimit-*-requests} */
        REQUESTS,
        /** {@code x-ratelimit-*-tokens}: characters for speech, audio seconds, images */
        TOKENS
    }

    public LimitStanding {
        Objects.requireNonNull(counts, "counts is null");
        Objects.requireNonNull(reset, "reset is null");
        remaining = Math.max(0, remaining);
        reset = reset.isNegative() ? Duration.ZERO : reset;
    }
}
