package dev.prism.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.testkit.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublishedMediaTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    private final MutableClock clock = MutableClock.startingAt("2026-11-23T10:00:00Z");

    private static String id(URI link) {
        String path = link.getPath();
        assertThat(path).startsWith(PublishedMedia.PATH);
        return path.substring(PublishedMedia.PATH.length());
    }

    @Test
    void aPublishedFileIsServedUnderItsLinkWithItsContentType() {
        PublishedMedia media = new PublishedMedia(clock, "http://prism.test:8080");

        URI link = media.publish(PNG, "image/png", HOUR);

        assertThat(link.toString()).startsWith("http://prism.test:8080/v1/prism/media/");
        PublishedMedia.Published file = media.find(id(link)).orElseThrow();
        assertThat(file.bytes()).isEqualTo(PNG);
        assertThat(file.contentType()).isEqualTo("image/png");
        assertThat(file.expires()).isEqualTo(clock.instant().plus(HOUR));
    }

    @Test
    void manyTinyFilesKeepOnlyTheNewestUpToTheCountCap() {
        PublishedMedia media = new PublishedMedia(clock, "http://prism.test");
        byte[] oneByte = {1};

        URI first = media.publish(oneByte, "image/png", HOUR);
        URI last = first;
        // Three times the cap: without a count cap tiny files would pile up far past it.
        for (int i = 1; i < 3 * PublishedMedia.DEFAULT_MAX_FILES; i++) {
            last = media.publish(oneByte, "image/png", HOUR);
        }

        assertThat(media.fileCount()).isEqualTo(PublishedMedia.DEFAULT_MAX_FILES);
        assertThat(media.find(id(first))).as("the oldest made room").isEmpty();
        assertThat(media.find(id(last))).isPresent();
    }

    @Test
    void theByteBudgetCountsEachFilesOverheadAndDropsTheOldest() {
        int payload = 100;
        int fitting = 10;
        PublishedMedia media = new PublishedMedia(clock, "http://prism.test",
                fitting * (payload + PublishedMedia.ENTRY_OVERHEAD_BYTES), Integer.MAX_VALUE);

        URI oldest = media.publish(new byte[payload], "image/png", HOUR);
        for (int i = 1; i <= fitting; i++) {
            media.publish(new byte[payload], "image/png", HOUR);
        }

        assertThat(media.fileCount()).isEqualTo(fitting);
        assertThat(media.find(id(oldest))).isEmpty();
    }

    @Test
    void filesExpireOldestFirstWhenTheirTimeIsUp() {
        PublishedMedia media = new PublishedMedia(clock, "http://prism.test");
        URI first = media.publish(PNG, "image/png", HOUR);
        clock.advance(Duration.ofMinutes(1));
        URI second = media.publish(PNG, "image/png", HOUR);
        clock.advance(Duration.ofMinutes(1));
        URI third = media.publish(PNG, "image/png", HOUR);

        clock.advance(Duration.ofMinutes(58)); // the first expires now, exactly an hour after publishing

        assertThat(media.find(id(first))).isEmpty();
        assertThat(media.fileCount()).isEqualTo(2);
        assertThat(media.find(id(second))).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(media.find(id(third))).isPresent();
        assertThat(media.fileCount()).as("the second went on the way").isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        assertThat(media.find(id(third))).isEmpty();
        assertThat(media.fileCount()).isZero();
    }

    @Test
    void aShortLivedFileBehindALongerLivedOneIsNotServedOnceExpired() {
        PublishedMedia media = new PublishedMedia(clock, "http://prism.test");
        URI longLived = media.publish(PNG, "image/png", HOUR);
        URI shortLived = media.publish(PNG, "image/png", Duration.ofMinutes(1));

        clock.advance(Duration.ofMinutes(2));

        assertThat(media.find(id(shortLived))).isEmpty();
        assertThat(media.find(id(longLived))).isPresent();
        assertThat(media.fileCount()).isEqualTo(1);
    }

    @Test
    void anUnknownIdFindsNothing() {
        PublishedMedia media = new PublishedMedia(clock, "http://prism.test");
        media.publish(PNG, "image/png", HOUR);

        assertThat(media.find("0123456789abcdef0123456789abcdef")).isEqualTo(Optional.empty());
    }

    @Test
    void rebasingMovesOnlyLaterLinks() {
        PublishedMedia media = new PublishedMedia(clock, "http://127.0.0.1:0");
        URI before = media.publish(PNG, "image/png", HOUR);

        media.rebase("http://127.0.0.1:41234");
        URI after = media.publish(PNG, "image/png", HOUR);

        assertThat(before.getPort()).isZero();
        assertThat(after.getPort()).isEqualTo(41234);
        assertThat(media.find(id(before))).isPresent();
    }
}
