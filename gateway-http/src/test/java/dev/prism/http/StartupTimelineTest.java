package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The launcher's start, as bash's EPOCHREALTIME gives it, read for the banner and the --debug timeline. */
class StartupTimelineTest {
    private static String epochRealtime(Instant at, char separator) {
        return at.getEpochSecond() + String.valueOf(separator) + String.format("%06d", at.getNano() / 1000);
    }

    @Test
    void aLaunchAMomentAgoIsReadToTheMicrosecondWhateverTheDecimalSeparator() {
        Instant launched = Instant.now().minusMillis(1500);
        Instant toTheMicrosecond = launched.minusNanos(launched.getNano() % 1000);

        assertThat(StartupTimeline.launched(epochRealtime(launched, '.'))).contains(toTheMicrosecond);
        assertThat(StartupTimeline.launched(epochRealtime(launched, ','))).contains(toTheMicrosecond);
    }

    @Test
    void aValueThatCannotBeThisLaunchIsIgnored() {
        assertThat(StartupTimeline.launched(null)).isEmpty();
        assertThat(StartupTimeline.launched("")).isEmpty();
        assertThat(StartupTimeline.launched("yesterday")).isEmpty();
        assertThat(StartupTimeline.launched(epochRealtime(Instant.now().minus(Duration.ofHours(1)), '.')))
                .as("inherited from another run").isEmpty();
        assertThat(StartupTimeline.launched(epochRealtime(Instant.now().plus(Duration.ofHours(1)), '.'))).isEmpty();
    }
}
