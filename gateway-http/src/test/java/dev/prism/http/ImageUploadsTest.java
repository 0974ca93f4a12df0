package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.upload.SpoolDirectory;
import dev.prism.core.upload.UploadSpooler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image forms' file rules, read from a body stream without a server. */
class ImageUploadsTest {
    private static final long MIB = 1024 * 1024;
    private static final String BOUNDARY = "image-boundary-42";

    @TempDir
    Path spoolDir;

    @AfterEach
    void nothingIsLeftInTheSpool() throws IOException {
        try (Stream<Path> files = Files.list(spoolDir)) {
            assertThat(files).isEmpty();
        }
    }

    private UploadSpooler spooler() {
        return new UploadSpooler(SpoolDirectory.open(spoolDir), 25 * MIB);
    }

    private static InputStream part(String name, String filename, InputStream bytes) {
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + filename + "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        return new SequenceInputStream(Collections.enumeration(List.of(new ByteArrayInputStream(head), bytes,
                new ByteArrayInputStream("\r\n".getBytes(StandardCharsets.US_ASCII)))));
    }

    private static InputStream body(InputStream... parts) {
        List<InputStream> all = new java.util.ArrayList<>(List.of(parts));
        all.add(new ByteArrayInputStream(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII)));
        return new SequenceInputStream(Collections.enumeration(all));
    }

    /** {@code size} bytes made as they are read, never held whole. */
    private static InputStream bytes(long size) {
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
    }

    private GatewayException refusedEdit(long maxTotal, InputStream body) {
        return catchThrowableOfType(GatewayException.class, () -> ReceivedForm.read(body, BOUNDARY,
                ImageUploads.edit(spooler(), maxTotal), 8 * MIB).close());
    }

    @Test
    void anImageOverFiftyMegabytesIsRefusedWith413NamingImageWhateverTheEditsBound() {
        GatewayException e = refusedEdit(804 * MIB, body(part("image[]", "a.png", bytes(10)),
                part("image[]", "big.png", bytes(ImageUploads.MAX_IMAGE_BYTES + 1))));

        assertThat(e.kind()).isEqualTo(ErrorKind.PAYLOAD_TOO_LARGE);
        assertThat(e.param()).isEqualTo("image");
    }

    @Test
    void anImageOfExactlyFiftyMegabytesIsTaken() {
        try (ReceivedForm form = ReceivedForm.read(body(part("image", "a.png", bytes(ImageUploads.MAX_IMAGE_BYTES))),
                BOUNDARY, ImageUploads.edit(spooler(), 804 * MIB), 8 * MIB)) {
            assertThat(ImageUploads.images(form)).singleElement()
                    .satisfies(image -> assertThat(image.size()).isEqualTo(ImageUploads.MAX_IMAGE_BYTES));
            assertThat(ImageUploads.imageField(form)).isEqualTo("image");
            assertThat(ImageUploads.mask(form)).isNull();
        }
    }

    @Test
    void theEditsBoundCountsEveryFileTheMaskIncluded() {
        GatewayException e = refusedEdit(3 * MIB, body(part("image[]", "a.png", bytes(2 * MIB)),
                part("mask", "m.png", bytes(MIB + 1))));

        assertThat(e.kind()).isEqualTo(ErrorKind.PAYLOAD_TOO_LARGE);
        assertThat(e.param()).isNull();
        assertThat(e.code()).isEqualTo("request_too_large");
    }

    @Test
    void theImagesAndTheMaskComeBackApartInOrder() {
        try (ReceivedForm form = ReceivedForm.read(body(part("image[]", "a.png", bytes(3)), part("mask", "m.png", bytes(1)),
                part("image[]", "b.png", bytes(2))), BOUNDARY, ImageUploads.edit(spooler(), 10 * MIB), 8 * MIB)) {
            assertThat(ImageUploads.images(form)).extracting(image -> image.filename()).containsExactly("a.png", "b.png");
            assertThat(ImageUploads.mask(form).filename()).isEqualTo("m.png");
            assertThat(ImageUploads.imageField(form)).isEqualTo("image[]");
        }
    }

    @Test
    void aVariationTakesOneImageUnderTheUploadLimit() {
        GatewayException two = catchThrowableOfType(GatewayException.class, () -> ReceivedForm.read(
                body(part("image", "a.png", bytes(1)), part("image", "b.png", bytes(1))), BOUNDARY,
                ImageUploads.variation(spooler()), 8 * MIB).close());
        GatewayException large = catchThrowableOfType(GatewayException.class, () -> ReceivedForm.read(
                body(part("image", "a.png", bytes(25 * MIB + 1))), BOUNDARY, ImageUploads.variation(spooler()),
                8 * MIB).close());

        assertThat(two.param()).isEqualTo("image");
        assertThat(two.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(large.param()).isEqualTo("image");
        assertThat(large.kind()).isEqualTo(ErrorKind.PAYLOAD_TOO_LARGE);
    }
}
