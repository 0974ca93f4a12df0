package dev.prism.core.audio;

import java.io.IOException;

/**
 * Reads numbers and short byte runs at positions of a {@link RandomAccessBytes}, through two small
 * windows (so that walking a run of headers costs one read of the source, and going back and forth
 * between the start of a file and its end costs nothing more), and within a budget: the
 * parsers may read the file once through plus {@link #OVERHEAD_BYTES}, and ask for at most
 * {@link #MAX_RUN} bytes at a time, however the headers lie.
 */
final class BoundedReader {
    /** The longest run of bytes one call returns; nothing larger is ever held. */
    static final int MAX_RUN = 64 * 1024;
    /** What reading may cost beyond the size of the file: headers read twice, searches near the end. */
    static final long OVERHEAD_BYTES = 1024 * 1024;

    private static final int WINDOW = 8 * 1024;

    private final RandomAccessBytes source;
    private final long size;
    private final long budget;
    private final byte[][] windows = {new byte[WINDOW], new byte[WINDOW]};
    private final long[] windowStarts = new long[2];
    private final int[] windowLengths = new int[2];
    /** The window the last read used; the other is the one to refill. */
    private int current;
    private long bytesRead;

    BoundedReader(RandomAccessBytes source) {
        this.source = source;
        this.size = Math.max(0, source.size());
        this.budget = size + OVERHEAD_BYTES;
    }

    long size() {
        return size;
    }

    /** Bytes read from the source so far. */
    long bytesRead() {
        return bytesRead;
    }

    int u8(long position) throws IOException, MalformedAudioException {
        int at = ensure(position, 1);
        return windows[current][at] & 0xFF;
    }

    int u16be(long position) throws IOException, MalformedAudioException {
        return (int) be(position, 2);
    }

    int u16le(long position) throws IOException, MalformedAudioException {
        return (int) le(position, 2);
    }

    int u24be(long position) throws IOException, MalformedAudioException {
        return (int) be(position, 3);
    }

    long u32be(long position) throws IOException, MalformedAudioException {
        return be(position, 4);
    }

    long u32le(long position) throws IOException, MalformedAudioException {
        return le(position, 4);
    }

    /** Eight bytes, big-endian, as a signed long (callers reject negatives as they need). */
    long u64be(long position) throws IOException, MalformedAudioException {
        return be(position, 8);
    }

    long u64le(long position) throws IOException, MalformedAudioException {
        return le(position, 8);
    }

    /** Whether the ASCII {@code text} is at {@code position} (false past the end). */
    boolean matches(long position, String text) throws IOException, MalformedAudioException {
        if (position < 0 || position + text.length() > size) {
            return false;
        }
        int at = ensure(position, text.length());
        byte[] window = windows[current];
        for (int i = 0; i < text.length(); i++) {
            if (window[at + i] != (byte) text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code length} bytes from {@code position}, all of them present in the file. */
    byte[] bytes(long position, int length) throws IOException, MalformedAudioException {
        if (length < 0 || length > MAX_RUN) {
            throw new MalformedAudioException("a run of " + length + " bytes");
        }
        checkRange(position, length);
        byte[] run = new byte[length];
        if (length <= WINDOW) {
            int at = ensure(position, length);
            System.arraycopy(windows[current], at, run, 0, length);
        } else {
            fetch(position, run, length);
        }
        return run;
    }

    private long be(long position, int length) throws IOException, MalformedAudioException {
        int at = ensure(position, length);
        byte[] window = windows[current];
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (window[at + i] & 0xFF);
        }
        return value;
    }

    private long le(long position, int length) throws IOException, MalformedAudioException {
        int at = ensure(position, length);
        byte[] window = windows[current];
        long value = 0;
        for (int i = length - 1; i >= 0; i--) {
            value = (value << 8) | (window[at + i] & 0xFF);
        }
        return value;
    }

    /**
     * Makes {@code [position, position + length)} readable from a window, which becomes the current
     * one, and returns where in it the range starts.
     */
    private int ensure(long position, int length) throws IOException, MalformedAudioException {
        checkRange(position, length);
        for (int i = 0; i < 2; i++) {
            int window = (current + i) % 2;
            long start = windowStarts[window];
            if (position >= start && position + length <= start + windowLengths[window]) {
                current = window;
                return (int) (position - windowStarts[window]);
            }
        }
        current = 1 - current;
        int wanted = (int) Math.min(WINDOW, size - position);
        windowStarts[current] = position;
        windowLengths[current] = 0;
        fetch(position, windows[current], wanted);
        windowLengths[current] = wanted;
        return 0;
    }

    private void checkRange(long position, int length) throws MalformedAudioException {
        if (position < 0 || position > size - length) {
            throw new MalformedAudioException("a read past the end of the file");
        }
    }

    private void fetch(long position, byte[] into, int length) throws IOException, MalformedAudioException {
        if (bytesRead + length > budget) {
            throw new MalformedAudioException("more reading than the file justifies");
        }
        bytesRead += length;
        int done = 0;
        while (done < length) {
            int n = source.read(position + done, into, done, length - done);
            if (n <= 0) {
                throw new MalformedAudioException("the file ended early");
            }
            done += n;
        }
    }
}
