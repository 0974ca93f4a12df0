package dev.prism.provider.openai;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Passes JSON text on with every string cut to about {@code keptBytes} bytes, as it arrives in
 * pieces. A JSON parser fed through it never holds the text of a long string: Jackson's
 * non-blocking parser keeps a whole string token in memory until its closing quote, which for a
 * {@code b64_json} image or a base64 audio delta is megabytes that usage scanning never reads.
 *
 * <p>What is passed on is still valid JSON: a string is cut only before an ASCII character
 * outside an escape sequence (so never inside a backslash-u escape or a UTF-8 sequence), and its
 * closing quote always passes. Dropped bytes are only looked at for escapes and the closing quote.
 */
final class LongStringTrimmer {
    /** Where the kept bytes go: runs of the input array, in order. */
    @FunctionalInterface
    interface Sink {
        void accept(byte[] bytes, int offset, int length) throws IOException;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    private final int keptBytes;
    private boolean inString;
    private int stringBytes;
    private boolean dropping;
    /** Bytes of an escape sequence still to come: 1 after a backslash, then 4 more after backslash-u. */
    private int escapeLeft;
    private boolean afterBackslash;

    LongStringTrimmer(int keptBytes) {
        this.keptBytes = keptBytes;
    }

    void feed(byte[] bytes, int offset, int length, Sink sink) throws IOException {
        int run = offset;
        int end = offset + length;
        int i = offset;
        while (i < end) {
            if (dropping && inString && escapeLeft == 0) {
                // The bulk of a long string (a base64 image): nothing in it matters before a backslash or
                // the closing quote, so it is skipped in a tight loop instead of byte by byte through keep().
                int stop = nextQuoteOrBackslash(bytes, i, end);
                if (stop > i) {
                    if (i > run) {
                        sink.accept(bytes, run, i - run);
                    }
                    run = stop;
                    i = stop;
                    continue;
                }
            }
            if (!keep(bytes[i])) {
                if (i > run) {
                    sink.accept(bytes, run, i - run);
                }
                run = i + 1;
            }
            i++;
        }
        if (end > run) {
            sink.accept(bytes, run, end - run);
        }
    }

    /** The first quote or backslash in {@code [from, end)}, or {@code end}: eight bytes a step, then one by one. */
    static int nextQuoteOrBackslash(byte[] bytes, int from, int end) {
        int i = from;
        while (i + Long.BYTES <= end) {
            long word = (long) LONGS.get(bytes, i);
            if (hasByte(word, QUOTES) || hasByte(word, BACKSLASHES)) {
                break;
            }
            i += Long.BYTES;
        }
        while (i < end && bytes[i] != '"' && bytes[i] != '\\') {
            i++;
        }
        return i;
    }

    /** Whether any byte of {@code word} is the byte repeated in {@code pattern} (the classic zero-byte test). */
    private static boolean hasByte(long word, long pattern) {
        long x = word ^ pattern;
        return ((x - 0x0101010101010101L) & ~x & 0x8080808080808080L) != 0;
    }

    private boolean keep(byte b) {
        if (!inString) {
            if (b == '"') {
                inString = true;
                stringBytes = 0;
                dropping = false;
            }
            return true;
        }
        if (escapeLeft > 0) {
            escapeLeft = afterBackslash && b == 'u' ? 4 : escapeLeft - 1;
            afterBackslash = false;
            return !dropping;
        }
        if (b == '\\') {
            escapeLeft = 1;
            afterBackslash = true;
            return !dropping;
        }
        if (b == '"') {
            inString = false;
            return true;
        }
        // b >= 0: an ASCII byte, which never continues a UTF-8 sequence.
        if (!dropping && ++stringBytes > keptBytes && b >= 0) {
            dropping = true;
        }
        return !dropping;
    }
}
