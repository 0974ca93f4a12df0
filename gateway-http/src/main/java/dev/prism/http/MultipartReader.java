package dev.prism.http;

import dev.prism.api.GatewayException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578, RFC 2046 section 5.1) part by part as it
 * arrives: each part's bytes are an {@link InputStream}, and no part is ever held whole.
 *
 * <p>The delimiter ({@code CRLF--boundary}) is searched with Boyer-Moore-Horspool over a 64 KiB
 * buffer: a file is looked at about once every boundary length and copied once, from the buffer to
 * whoever reads the part. Lines end in CRLF as RFC 2046 requires; a body with bare LF line ends has no
 * delimiter and is refused. A preamble before the first delimiter and an epilogue after the closing one
 * are ignored. A delimiter-like string followed by anything but {@code --}, padding or CRLF is data.
 *
 * <p>A malformed body (no closing delimiter before the stream's end, a part's headers over 8 KiB or
 * unreadable) is a 400 {@link GatewayException}; whatever the stream itself throws (the client went
 * away) passes through unchanged. Not thread-safe; a part's stream is valid until the next
 * {@link #next()}.
 */
final class MultipartReader {
    static final int BUFFER_BYTES = 64 * 1024;
    /** The header block of one part: room for a long RFC 8187 file name, far less than the buffer. */
    static final int MAX_HEADER_BYTES = 8 * 1024;
    /** Spaces or tabs allowed between a delimiter and its CRLF (RFC 2046's transport padding). */
    private static final int MAX_PADDING = 64;
    private static final int MAX_BOUNDARY_LENGTH = 200;

    private static final int NEED_MORE = -1;
    private static final int NOT_A_DELIMITER = -2;
    private static final int CLOSING = -3;

    private final InputStream in;
    private final byte[] delimiter;
    /** Horspool's shift for each byte value seen at the window's last position. */
    private final int[] shift = new int[256];
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private final PartBody body = new PartBody();
    /** Bytes {@code [head, tail)} are read but not consumed. */
    private int head;
    private int tail;
    /** No delimiter starts in {@code [head, scanned)}: those bytes belong to the current part. */
    private int scanned;
    /** Where the current part's delimiter starts, or -1 while it is not found. */
    private int delimiterAt = -1;
    /** Where the next part's headers start, or {@link #CLOSING} after the closing delimiter. */
    private int afterDelimiter;
    private boolean finished;

    /**
     * @param boundary the {@code boundary} parameter of the body's {@code Content-Type}
     * @throws GatewayException 400 when the boundary is empty, too long or has control characters
     */
    MultipartReader(InputStream in, String boundary) {
        this.in = in;
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY_LENGTH
                || !boundary.chars().allMatch(c -> c >= ' ' && c < 0x7f)) {
            throw GatewayException.invalid(null, "The multipart/form-data Content-Type needs a boundary of 1 to "
                    + MAX_BOUNDARY_LENGTH + " printable ASCII characters.");
        }
        delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int last = delimiter.length - 1;
        Arrays.fill(shift, delimiter.length);
        for (int i = 0; i < last; i++) {
            shift[delimiter[i] & 0xff] = last - i;
        }
        // The first delimiter may open the body without a line before it: read as if after a CRLF, the
        // preamble is then a part like any other, skipped by the first next().
        buffer[0] = '\r';
        buffer[1] = '\n';
        tail = 2;
    }

    /**
     * Moves to the next part, skipping what is left of the current one.
     *
     * @return the part's headers, or null after the closing delimiter
     * @throws GatewayException 400 when the body is malformed
     */
    PartHeaders next() throws IOException {
        if (finished) {
            return null;
        }
        while (body.ready() > 0 || delimiterAt < 0) {
            head += body.ready();
            body.awaitBytes();
        }
        if (afterDelimiter == CLOSING) {
            finished = true;
            return null;
        }
        head = afterDelimiter;
        scanned = head;
        delimiterAt = -1;
        return readHeaders();
    }

    /** The bytes of the part {@link #next()} returned last, up to its delimiter. Closing it does nothing. */
    InputStream body() {
        return body;
    }

    private PartHeaders readHeaders() throws IOException {
        while (true) {
            int end = headerBlockEnd();
            if (end - head > MAX_HEADER_BYTES || (end < 0 && tail - head > MAX_HEADER_BYTES)) {
                throw broken("a part's headers are larger than " + MAX_HEADER_BYTES / 1024 + " KiB");
            }
            if (end >= 0) {
                String block = new String(buffer, head, end - head, StandardCharsets.UTF_8);
                head = end;
                scanned = head;
                try {
                    return PartHeaders.parse(block);
                } catch (IllegalArgumentException e) {
                    throw broken(e.getMessage());
                }
            }
            if (!fill()) {
                throw ended();
            }
        }
    }

    /** The index after the blank line that ends the header block at {@code head}, or -1 when it is not all read. */
    private int headerBlockEnd() {
        if (tail - head >= 2 && buffer[head] == '\r' && buffer[head + 1] == '\n') {
            return head + 2;
        }
        for (int i = head; i + 3 < tail; i++) {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    /**
     * Finds the current part's delimiter in the unscanned bytes, or moves {@link #scanned} as far as
     * no delimiter can start.
     */
    private void scan() {
        while (delimiterAt < 0) {
            int at = search(scanned);
            if (at < 0) {
                scanned = Math.max(scanned, tail - delimiter.length + 1);
                return;
            }
            int after = classify(at + delimiter.length);
            if (after == NEED_MORE) {
                scanned = at;
                return;
            }
            if (after == NOT_A_DELIMITER) {
                scanned = at + 1;
                continue;
            }
            scanned = at;
            delimiterAt = at;
            afterDelimiter = after;
        }
    }

    /** Boyer-Moore-Horspool: the first delimiter starting in {@code [from, tail - length]}, or -1. */
    private int search(int from) {
        int last = delimiter.length - 1;
        byte lastByte = delimiter[last];
        for (int i = from; i + last < tail; i += shift[buffer[i + last] & 0xff]) {
            if (buffer[i + last] == lastByte && Arrays.equals(buffer, i, i + last, delimiter, 0, last)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * What follows a delimiter ending at {@code i}: {@code --} closes the form; optional padding and
     * CRLF open the next part (the index after the CRLF is returned); anything else means the match was data.
     */
    private int classify(int i) {
        if (i >= tail) {
            return NEED_MORE;
        }
        if (buffer[i] == '-') {
            return i + 1 >= tail ? NEED_MORE : buffer[i + 1] == '-' ? CLOSING : NOT_A_DELIMITER;
        }
        int j = i;
        while (j < tail && j - i <= MAX_PADDING && (buffer[j] == ' ' || buffer[j] == '\t')) {
            j++;
        }
        if (j - i > MAX_PADDING) {
            return NOT_A_DELIMITER;
        }
        if (j + 1 >= tail) {
            return NEED_MORE;
        }
        return buffer[j] == '\r' && buffer[j + 1] == '\n' ? j + 2 : NOT_A_DELIMITER;
    }

    /**
     * Reads once more from the stream, first moving the unconsumed bytes to the buffer's start when
     * less than half of it is free.
     *
     * @return false at the stream's end
     */
    private boolean fill() throws IOException {
        if (head > 0 && tail > buffer.length / 2) {
            int shiftBy = head;
            System.arraycopy(buffer, head, buffer, 0, tail - head);
            head = 0;
            tail -= shiftBy;
            scanned -= shiftBy;
            if (delimiterAt >= 0) {
                delimiterAt -= shiftBy;
                afterDelimiter = afterDelimiter == CLOSING ? CLOSING : afterDelimiter - shiftBy;
            }
        }
        if (tail == buffer.length) {
            // Only a part's headers or a delimiter's padding are held unconsumed, both far smaller.
            throw new IllegalStateException("multipart buffer full");
        }
        int n = in.read(buffer, tail, buffer.length - tail);
        if (n < 0) {
            return false;
        }
        tail += n;
        return true;
    }

    private static GatewayException ended() {
        return broken("it ended before its closing boundary");
    }

    private static GatewayException broken(String why) {
        return GatewayException.invalid("file", "The request body is not a valid multipart/form-data form: " + why + ".");
    }

    /** The current part's bytes, served from the buffer as far as the scan has cleared them. */
    private final class PartBody extends InputStream {
        /** Bytes of the part ready in the buffer. */
        int ready() {
            return (delimiterAt >= 0 ? delimiterAt : scanned) - head;
        }

        /** Scans and reads until some of the part is ready or its delimiter is found. */
        void awaitBytes() throws IOException {
            while (ready() == 0 && delimiterAt < 0) {
                scan();
                if (ready() == 0 && delimiterAt < 0 && !fill()) {
                    throw ended();
                }
            }
        }

        @Override
        public int read() throws IOException {
            awaitBytes();
            return ready() == 0 ? -1 : buffer[head++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            awaitBytes();
            int n = Math.min(ready(), len);
            if (n == 0) {
                return -1;
            }
            System.arraycopy(buffer, head, b, off, n);
            head += n;
            return n;
        }

        @Override
        public int available() {
            return ready();
        }
    }
}
