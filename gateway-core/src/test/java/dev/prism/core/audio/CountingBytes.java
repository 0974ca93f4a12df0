package dev.prism.core.audio;

/** Bytes in memory that count how they are read: how much in all, and the most at once. */
final class CountingBytes implements RandomAccessBytes {
    private final RandomAccessBytes bytes;
    private long bytesRead;
    private int largestRead;

    CountingBytes(byte[] bytes) {
        this(RandomAccessBytes.of(bytes, bytes.length));
    }

    CountingBytes(RandomAccessBytes bytes) {
        this.bytes = bytes;
    }

    @Override
    public long size() {
        return bytes.size();
    }

    @Override
    public int read(long position, byte[] into, int offset, int length) throws java.io.IOException {
        int n = bytes.read(position, into, offset, length);
        bytesRead += n;
        largestRead = Math.max(largestRead, length);
        return n;
    }

    long bytesRead() {
        return bytesRead;
    }

    int largestRead() {
        return largestRead;
    }
}
