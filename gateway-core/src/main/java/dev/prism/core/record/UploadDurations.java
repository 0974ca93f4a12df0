package dev.prism.core.record;

import dev.prism.api.Upload;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.core.audio.AudioDuration;
import dev.prism.core.audio.MeasuredDuration;
import dev.prism.core.upload.SpooledUpload;
import java.math.BigDecimal;

/**
 * The seconds of audio in an upload as a usage: read from the spooled bytes' container headers,
 * marked estimated when Prism had to guess.
 */
public final class UploadDurations {
    private UploadDurations() {}

    public static Usage of(Upload upload) {
        MeasuredDuration measured = upload instanceof SpooledUpload spooled ? spooled.audioDuration()
                : AudioDuration.estimateFromSize(upload.size());
        Usage usage = Usage.NONE.with(UsageUnit.AUDIO_SECONDS, BigDecimal.valueOf(measured.duration().toMillis(), 3));
        return measured.estimated() ? usage.asEstimate() : usage;
    }
}
