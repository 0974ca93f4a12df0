package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prism.api.GatewayException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultipartReaderTest {
    private static final String BOUNDARY = "----formdata-test-7MA4YWxkTrZu0gW";

    /** A part as read: headers and every byte of its body. */
    record ReadPart(String name, String filename, String contentType, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static List<ReadPart> readAll(InputStream body, String boundary) throws IOException {
        MultipartReader reader = new MultipartReader(body, boundary);
        List<ReadPart> parts = new ArrayList<>();
        PartHeaders headers;
        while ((headers = reader.next()) != null) {
            parts.add(new ReadPart(headers.name(), headers.filename(), headers.contentType(),
                    reader.body().readAllBytes()));
        }
        return parts;
    }

    private static List<ReadPart> readAll(byte[] body) throws IOException {
        return readAll(new ByteArrayInputStream(body), BOUNDARY);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] piece : pieces) {
            out.writeBytes(piece);
        }
        return out.toByteArray();
    }

    /** A form of a text field and a file, as the SDKs send it. */
    private static byte[] form(byte[] file) {
        return concat(ascii("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--"
                + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n"), file, ascii("\r\n--" + BOUNDARY + "--\r\n"));
    }

    private static void assertFormOf(List<ReadPart> parts, byte[] file) {
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).name()).isEqualTo("model");
        assertThat(parts.get(0).text()).isEqualTo("whisper-1");
        assertThat(parts.get(0).filename()).isNull();
        assertThat(parts.get(0).contentType()).isNull();
        assertThat(parts.get(1).name()).isEqualTo("file");
        assertThat(parts.get(1).filename()).isEqualTo("a.wav");
        assertThat(parts.get(1).contentType()).isEqualTo("audio/wav");
        assertThat(parts.get(1).bytes()).isEqualTo(file);
    }

    /** Hands out the body in reads of at most {@code sizes[i]} bytes, the last size repeating. */
    private static final class ChunkedStream extends InputStream {
        private final byte[] bytes;
        private final int[] sizes;
        private int position;
        private int reads;

        ChunkedStream(byte[] bytes, int... sizes) {
            this.bytes = bytes;
            this.sizes = sizes;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position == bytes.length) {
                return -1;
            }
            int size = sizes[Math.min(reads++, sizes.length - 1)];
            int n = Math.min(Math.min(len, size), bytes.length - position);
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }
    }

    @Test
    void fieldsAndFileAreReadWithTheirHeadersAndBytes() throws IOException {
        byte[] file = ascii("RIFF....WAVEfmt ");

        assertFormOf(readAll(form(file)), file);
    }

    @Test
    void aDelimiterSplitAcrossTwoReadsIsFoundAtEveryOffset() throws IOException {
        byte[] file = ascii("RIFF\r\n--" + BOUNDARY.substring(0, 10) + "\r\n-\r\n--data");
        byte[] body = form(file);

        for (int split = 1; split < body.length; split++) {
            assertFormOf(readAll(new ChunkedStream(body, split, body.length), BOUNDARY), file);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 37, 4096, 16384, 65536, 1_000_000})
    void aLargeFileArrivesWholeWhateverTheReadSize(int readSize) throws IOException {
        byte[] file = new byte[1_000_003];
        new Random(readSize).nextBytes(file);
        byte[] body = form(file);

        assertFormOf(readAll(new ChunkedStream(body, readSize), BOUNDARY), file);
    }

    @Test
    void boundaryLikeBytesInsideAFileAreData() throws IOException {
        byte[] file = ascii("--" + BOUNDARY + " mid-line\r\n"
                + "\r\n--" + BOUNDARY + "x not this boundary\r\n"
                + "\r\n--" + BOUNDARY + "-x nor this\r\n"
                + "\r\n--" + BOUNDARY + "  \t padded but not ended by CRLF\r\n"
                + "\r\n--" + BOUNDARY + "\n bare LF\r\n"
                + "\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1) + "\r\n"
                + "\r\n-\r\n--\r\n");

        for (int readSize : new int[] {1, 7, 64 * 1024}) {
            assertFormOf(readAll(new ChunkedStream(form(file), readSize), BOUNDARY), file);
        }
    }

    @Test
    void aPreambleAndAnEpilogueAreIgnored() throws IOException {
        byte[] file = ascii("RIFF");
        byte[] body = concat(ascii("This is a preamble.\r\nIt may mention --" + BOUNDARY + " mid-line.\r\n"), form(file),
                ascii("This is the epilogue.\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n"));

        assertFormOf(readAll(body), file);
    }

    @Test
    void transportPaddingAfterADelimiterIsAllowed() throws IOException {
        byte[] body = ascii("--" + BOUNDARY + " \t \r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--"
                + BOUNDARY + "\t\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nen\r\n--" + BOUNDARY + "--");

        List<ReadPart> parts = readAll(body);

        assertThat(parts).extracting(ReadPart::name).containsExactly("model", "language");
        assertThat(parts).extracting(ReadPart::text).containsExactly("whisper-1", "en");
    }

    @Test
    void emptyPartsAndAClosingDelimiterWithoutALineEndAreRead() throws IOException {
        byte[] body = ascii("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\n\r\n--" + BOUNDARY
                + "--");

        List<ReadPart> parts = readAll(body);

        assertThat(parts).singleElement().satisfies(part -> assertThat(part.bytes()).isEmpty());
    }

    @Test
    void aFormWithNoPartsHasNone() throws IOException {
        assertThat(readAll(ascii("--" + BOUNDARY + "--\r\n"))).isEmpty();
    }

    @Test
    void aPartLeftUnreadIsSkipped() throws IOException {
        byte[] file = new byte[200_000];
        MultipartReader reader = new MultipartReader(new ChunkedStream(form(file), 1000), BOUNDARY);

        assertThat(reader.next().name()).isEqualTo("model");
        assertThat(reader.next().name()).isEqualTo("file");
        assertThat(reader.body().read()).isZero();
        assertThat(reader.next()).isNull();
        assertThat(reader.next()).isNull();
    }

    @Test
    void partHeadersAreReadAsUtf8() throws IOException {
        byte[] body = ascii("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"réunion €.wav\"\r\n\r\n"
                + "RIFF\r\n--" + BOUNDARY + "--\r\n");

        assertThat(readAll(body)).singleElement().extracting(ReadPart::filename).isEqualTo("réunion €.wav");
    }

    @Test
    void aBodyWithBareLfLineEndsIsRefused() {
        // As Helidon's reader before it, which found no part in such a body: RFC 2046 delimiters follow a CRLF.
        byte[] body = ascii("--" + BOUNDARY + "\nContent-Disposition: form-data; name=\"model\"\n\nwhisper-1\n--" + BOUNDARY
                + "--\n");

        assertBroken(body, "ended before its closing boundary");
    }

    @Test
    void aBodyThatEndsBeforeItsClosingDelimiterIsRefused() {
        byte[] complete = form(ascii("RIFF"));

        for (int end = 0; end < complete.length - 2; end++) {
            assertBroken(Arrays.copyOf(complete, end), "ended before its closing boundary");
        }
    }

    @Test
    void aHeaderBlockLargerThan8KiBIsRefused() {
        String huge = "x".repeat(MultipartReader.MAX_HEADER_BYTES);
        byte[] body = ascii("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + huge
                + ".wav\"\r\n\r\nRIFF\r\n--" + BOUNDARY + "--\r\n");
        byte[] unterminated = concat(ascii("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"\r\n"),
                ascii("X-Padding: " + huge + "\r\n"));

        assertBroken(body, "headers are larger than 8 KiB");
        assertBroken(unterminated, "headers are larger than 8 KiB");
    }

    @Test
    void aHeaderBlockJustUnderTheLimitIsRead() throws IOException {
        String head = "Content-Disposition: form-data; name=\"file\"; filename=\"";
        String name = "n".repeat(MultipartReader.MAX_HEADER_BYTES - head.length() - "\"\r\n\r\n".length());
        byte[] body = ascii("--" + BOUNDARY + "\r\n" + head + name + "\"\r\n\r\nRIFF\r\n--" + BOUNDARY + "--\r\n");

        assertThat(readAll(new ChunkedStream(body, 3), BOUNDARY)).singleElement().extracting(ReadPart::filename).isEqualTo(name);
    }

    @Test
    void aPartWithoutANameIsRefused() {
        byte[] body = ascii("--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n\r\nabc\r\n--" + BOUNDARY + "--\r\n");

        assertBroken(body, "a part has no Content-Disposition");
    }

    @Test
    void aBoundaryThatIsEmptyOrHasControlCharactersIsRefused() {
        for (String boundary : new String[] {"", "a\r\nb", "x".repeat(201)}) {
            GatewayException e = catchThrowableOfType(GatewayException.class,
                    () -> new MultipartReader(InputStream.nullInputStream(), boundary));
            assertThat(e.httpStatus()).isEqualTo(400);
        }
    }

    @Test
    void aFailingStreamPassesItsFailureThrough() {
        byte[] head = Arrays.copyOf(form(new byte[100_000]), 50_000);
        InputStream breaking = new java.io.SequenceInputStream(new ByteArrayInputStream(head), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new SocketException("Connection reset");
            }
        });

        assertThatThrownBy(() -> readAll(breaking, BOUNDARY)).isInstanceOf(SocketException.class);
    }

    @Test
    void randomFormsReadInRandomPiecesComeBackAsSent() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            String boundary = "b" + Long.toHexString(random.nextLong());
            List<byte[]> values = new ArrayList<>();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int partCount = random.nextInt(5);
            for (int i = 0; i < partCount; i++) {
                byte[] value = new byte[random.nextInt(3) == 0 ? random.nextInt(200_000) : random.nextInt(50)];
                // Bytes from a small alphabet make delimiter-like runs likely.
                byte[] alphabet = ascii("\r\n-" + boundary.substring(0, 3));
                for (int j = 0; j < value.length; j++) {
                    value[j] = alphabet[random.nextInt(alphabet.length)];
                }
                values.add(value);
                body.writeBytes(ascii("--" + boundary + "\r\nContent-Disposition: form-data; name=\"f" + i + "\"\r\n\r\n"));
                body.writeBytes(value);
                body.writeBytes(ascii("\r\n"));
            }
            body.writeBytes(ascii("--" + boundary + "--\r\n"));
            int[] sizes = random.ints(8, 1, 70_000).toArray();

            List<ReadPart> parts = readAll(new ChunkedStream(body.toByteArray(), sizes), boundary);

            assertThat(parts).hasSize(partCount);
            for (int i = 0; i < partCount; i++) {
                assertThat(parts.get(i).name()).isEqualTo("f" + i);
                assertThat(parts.get(i).bytes()).as("part %d of round %d", i, round).isEqualTo(values.get(i));
            }
        }
    }

    private static void assertBroken(byte[] body, String why) {
        GatewayException e = catchThrowableOfType(GatewayException.class, () -> readAll(body));
        assertThat(e).as("a GatewayException for a body of %d bytes", body.length).isNotNull();
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("The request body is not a valid multipart/form-data form").contains(why);
    }
}
