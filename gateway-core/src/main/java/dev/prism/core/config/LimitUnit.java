package dev.prism.core.config;

import dev.prism.api.UsageUnit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * What a rate limit counts: requests, or the media units a request spends upstream. Buckets hold
 * whole numbers, so audio is counted in milliseconds and shown in whole seconds.
 */
public enum LimitUnit {
    REQUESTS("requests", null, 1),
    /** Characters of speech input. */
    CHARACTERS("characters", UsageUnit.CHARACTERS, 1),
    /** Seconds of audio uploaded for transcription or translation, counted to the millisecond. */
    AUDIO_SECONDS("audio_seconds", UsageUnit.AUDIO_SECONDS, 1000),
    /** Images asked for ({@code n}). */
    IMAGES("images", UsageUnit.IMAGES, 1);

    private final String configName;
    private final UsageUnit usage;
    private final long scale;

    LimitUnit(String configName, UsageUnit usage, long scale) {
        this.configName = configName;
        this.usage = usage;
        this.scale = scale;
    }

    /** As the configuration writes it: {@code audio_seconds} in {@code audio_seconds_per_hour}. */
    public String configName() {
        return configName;
    }

    /** The unit of usage this limit counts; empty for {@link #REQUESTS}. */
    public Optional<UsageUnit> usage() {
        return Optional.ofNullable(usage);
    }

    /** Bucket tokens per configured unit: 1000 for audio (milliseconds), else 1. */
    public long scale() {
        return scale;
    }

    /** An amount of usage in bucket tokens, rounded up: a started millisecond counts. */
    public long tokens(BigDecimal amount) {
        return amount.multiply(BigDecimal.valueOf(scale)).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** Bucket tokens in configured units, rounded up (for headers: 1.2 seconds left shows as 2). */
    public long units(long tokens) {
        return Math.ceilDiv(tokens, scale);
    }
}
