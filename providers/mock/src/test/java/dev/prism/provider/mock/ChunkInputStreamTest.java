package dev.prism.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ChunkInputStreamTest {
    @Test
    void producesEachChunkOnlyWhenTheReaderGetsToIt() {
        AtomicInteger produced = new AtomicInteger();
        Stream<byte[]> chunks = IntStream.range(0, 100).mapToObj(i -> {
            produced.incrementAndGet();
            return new byte[] {(byte) i, (byte) i};
        });

        try (ChunkInputStream in = new ChunkInputStream(chunks)) {
            assertThat(in.read()).isZero();
            assertThat(in.read(new byte[3], 0, 3)).as("the rest of the first chunk").isEqualTo(1);
            assertThat(produced).hasValue(1);
            assertThat(in.read()).isEqualTo(1);
            assertThat(produced).hasValue(2);
        }
    }

    @Test
    void skipsEmptyChunksAndEndsWithMinusOne() {
        try (ChunkInputStream in = new ChunkInputStream(Stream.of(new byte[0], new byte[] {7}, new byte[0]))) {
            assertThat(in.read(new byte[4], 0, 4)).isEqualTo(1);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(new byte[4], 0, 4)).isEqualTo(-1);
        }
    }

    @Test
    void closingClosesTheChunkStream() {
        AtomicBoolean closed = new AtomicBoolean();
        new ChunkInputStream(Stream.of(new byte[] {1}).onClose(() -> closed.set(true))).close();

        assertThat(closed).isTrue();
    }
}
