package dev.prism.provider.mock;

import java.io.InputStream;
import java.util.Iterator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * An input stream over byte chunks that are produced only as the reader gets to them, so a streamed
 * answer never exists whole in memory. Closing it closes the chunk stream.
 */
final class ChunkInputStream extends InputStream {
    private final Stream<byte[]> chunks;
    private final Iterator<byte[]> remaining;
    private byte[] current = new byte[0];
    private int position;

    ChunkInputStream(Stream<byte[]> chunks) {
        this.chunks = chunks;
        this.remaining = chunks.iterator();
    }

    @Override
    public int read() {
        if (!ensureAvailable()) {
            return -1;
        }
        return current[position++] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (!ensureAvailable()) {
            return -1;
        }
        int count = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, count);
        position += count;
        return count;
    }

    @Override
    public int available() {
        return current.length - position;
    }

    @Override
    public void close() {
        chunks.close();
    }

    private boolean ensureAvailable() {
        while (position == current.length) {
            if (!remaining.hasNext()) {
                return false;
            }
            current = remaining.next();
            position = 0;
        }
        return true;
    }
}
