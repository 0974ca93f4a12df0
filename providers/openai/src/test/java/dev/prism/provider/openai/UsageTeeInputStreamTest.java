package dev.prism.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageTeeInputStreamTest {
    @Test
    void eachReadReturnsWhatTheUpstreamReadReturned() throws IOException {
        RecordingScanner scanner = new RecordingScanner();
        InputStream tee = new UsageTeeInputStream(new ChunkedStream(List.of("ab", "cdefg", "h")), scanner, "openai");
        byte[] buffer = new byte[64];

        List<Integer> reads = new ArrayList<>();
        for (int n; (n = tee.read(buffer)) >= 0; ) {
            reads.add(n);
        }

        assertThat(reads).containsExactly(2, 5, 1);
        assertThat(scanner.seen.toString()).isEqualTo("abcdefgh");
        assertThat(scanner.ended).isTrue();
    }

    @Test
    void singleBytesAndSkippedBytesAreScannedToo() throws IOException {
        RecordingScanner scanner = new RecordingScanner();
        InputStream tee = new UsageTeeInputStream(new ChunkedStream(List.of("abc", "def")), scanner, "openai");

        assertThat(tee.read()).isEqualTo('a');
        assertThat(tee.skip(2)).isEqualTo(2);
        tee.transferTo(OutputStream.nullOutputStream());

        assertThat(scanner.seen.toString()).isEqualTo("abcdef");
    }

    @Test
    void aFailingScannerLeavesTheBodyAlone() throws IOException {
        BodyScanner failing = new BodyScanner() {
            @Override
            public void scan(byte[] bytes, int offset, int length) throws IOException {
                throw new IOException("not JSON");
            }

            @Override
            public void end() {
                throw new IllegalStateException("must not be called after a failure");
            }
        };
        InputStream tee = new UsageTeeInputStream(new ChunkedStream(List.of("ab", "cd")), failing, "openai");

        assertThat(tee.readAllBytes()).isEqualTo("abcd".getBytes());
    }

    @Test
    void aBodyClosedBeforeItsEndIsNotEnded() throws IOException {
        RecordingScanner scanner = new RecordingScanner();
        InputStream tee = new UsageTeeInputStream(new ChunkedStream(List.of("ab", "cd")), scanner, "openai");

        tee.read(new byte[8]);
        tee.close();

        assertThat(scanner.ended).isFalse();
    }

    private static final class RecordingScanner implements BodyScanner {
        final StringBuilder seen = new StringBuilder();
        boolean ended;

        @Override
        public void scan(byte[] bytes, int offset, int length) {
            seen.append(new String(bytes, offset, length));
        }

        @Override
        public void end() {
            ended = true;
        }
    }

    /** An upstream body that arrives in the given chunks, one per read. */
    static final class ChunkedStream extends InputStream {
        private final Deque<byte[]> chunks = new ArrayDeque<>();
        private byte[] current = new byte[0];
        private int position;

        ChunkedStream(List<String> chunks) {
            chunks.forEach(c -> this.chunks.add(c.getBytes()));
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position == current.length) {
                if (chunks.isEmpty()) {
                    return -1;
                }
                current = chunks.poll();
                position = 0;
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            return n;
        }
    }
}
