package dev.prism.core.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.Objects;

/**
 * The bytes of a file, read at any position: an upload held in memory or one spooled to disk. The
 * duration reader asks for small pieces at the places the container's headers point to, so a large
 * upload is never read into memory whole.
 */
public interface RandomAccessBytes {
    /** The number of bytes. */
    long size();

    /**
     * Reads up to {@code length} bytes from {@code position} into {@code into} at {@code offset}.
     *
     * @return the number of bytes read: fewer than asked only at the end of the bytes, and 0 there
     * @throws IOException when the underlying file cannot be read
     */
    int read(long position, byte[] into, int offset, int length) throws IOException;

    /** The first {@code length} bytes of {@code bytes}, not copied. */
    static RandomAccessBytes of(byte[] bytes, int length) {
        Objects.requireNonNull(bytes, "bytes is null");
        Objects.checkFromIndexSize(0, length, bytes.length);
        return new RandomAccessBytes() {
            @Override
            public long size() {
                return length;
            }

            @Override
            public int read(long position, byte[] into, int offset, int count) {
                if (position < 0 || position >= length) {
                    return 0;
                }
                int n = (int) Math.min(count, length - position);
                System.arraycopy(bytes, (int) position, into, offset, n);
                return n;
            }
        };
    }

    /**
     * An open channel, read where asked; the caller keeps it and closes it. A {@link FileChannel} is
     * read with positional reads, which leave its position alone; any other channel is moved to
     * each position, so it must not be shared while it is read.
     */
    static RandomAccessBytes of(SeekableByteChannel channel) throws IOException {
        Objects.requireNonNull(channel, "channel is null");
        long size = channel.size();
        return new RandomAccessBytes() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public int read(long position, byte[] into, int offset, int count) throws IOException {
                if (position < 0 || position >= size) {
                    return 0;
                }
                ByteBuffer buffer = ByteBuffer.wrap(into, offset, (int) Math.min(count, size - position));
                while (buffer.hasRemaining()) {
                    long at = position + buffer.position() - offset;
                    int n;
                    if (channel instanceof FileChannel file) {
                        n = file.read(buffer, at);
                    } else {
                        n = channel.position(at).read(buffer);
                    }
                    if (n <= 0) {
                        break;
                    }
                }
                return buffer.position() - offset;
            }
        };
    }
}
