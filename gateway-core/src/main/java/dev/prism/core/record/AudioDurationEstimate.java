package dev.prism.core.record;

import dev.prism.api.Upload;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The duration of an upload guessed from its size alone, for a container Prism cannot read:
 * 128 kbps, a common bit rate of compressed speech, and marked estimated.
 */
public final class AudioDurationEstimate {
    static final long BYTES_PER_SECOND = 16_000;

    private AudioDurationEstimate() {}

    public static Usage of(Upload upload) {
        BigDecimal seconds = BigDecimal.valueOf(upload.size()).divide(BigDecimal.valueOf(BYTES_PER_SECOND), 3,
                RoundingMode.HALF_UP);
        return Usage.NONE.with(UsageUnit.AUDIO_SECONDS, seconds).asEstimate();
    }
}
