package dev.prism.core.audio;

import java.io.IOException;

/**
 * The duration of a RIFF WAVE file: the bytes of its {@code data} chunk that are present, over the
 * byte rate of its {@code fmt } chunk. A {@code data} size larger than the file (a truncated file,
 * or a lie) counts only the bytes there; a size of all ones (written to a pipe) means "to the end".
 */
final class WavDuration {
    private static final int MAX_CHUNKS = 10_000;
    private static final long UNKNOWN_SIZE = 0xFFFF_FFFFL;
    /** Below this a byte rate is not audio (the slowest WAV codecs, GSM 6.10 and the like, use about 1,600). */
    private static final int MIN_BYTES_PER_SECOND = 500;
    private static final int PCM = 1;
    private static final int IEEE_FLOAT = 3;
    private static final int A_LAW = 6;
    private static final int MU_LAW = 7;
    private static final int EXTENSIBLE = 0xFFFE;

    /** What the format chunk says: the byte rate, and whether its fields agree with one another. */
    private record Format(double bytesPerSecond, boolean consistent) {}

    private WavDuration() {}

    static Reading read(BoundedReader in) throws IOException, MalformedAudioException {
        long size = in.size();
        long pos = 12;
        Format format = null;
        for (int chunks = 0; pos + 8 <= size; chunks++) {
            if (chunks == MAX_CHUNKS) {
                throw new MalformedAudioException("too many WAV chunks");
            }
            long length = in.u32le(pos + 4);
            if (in.matches(pos, "fmt ")) {
                format = format(in, pos + 8, length);
            } else if (in.matches(pos, "data")) {
                if (format == null) {
                    throw new MalformedAudioException("a WAV data chunk before its format");
                }
                long present = size - (pos + 8);
                boolean toTheEnd = length == UNKNOWN_SIZE;
                long counted = toTheEnd ? present : Math.min(length, present);
                return new Reading(counted / format.bytesPerSecond(),
                        !format.consistent() || (!toTheEnd && length > present));
            }
            // Chunks are padded to an even length.
            pos += 8 + length + (length & 1);
        }
        throw new MalformedAudioException("a WAV file without a data chunk");
    }

    private static Format format(BoundedReader in, long at, long length) throws IOException, MalformedAudioException {
        if (length < 16) {
            throw new MalformedAudioException("a WAV format chunk too short");
        }
        int tag = in.u16le(at);
        int channels = in.u16le(at + 2);
        long rate = in.u32le(at + 4);
        long averageBytesPerSecond = in.u32le(at + 8);
        int blockAlign = in.u16le(at + 12);
        int bits = in.u16le(at + 14);
        if (tag == EXTENSIBLE && length >= 40) {
            // The real format is the first two bytes of the sub-format GUID.
            tag = in.u16le(at + 24);
        }
        if (channels == 0 || rate < 1000 || rate > 1_000_000) {
            throw new MalformedAudioException("a WAV format out of range");
        }
        Format format;
        if (tag == PCM || tag == IEEE_FLOAT || tag == A_LAW || tag == MU_LAW) {
            // As ffprobe does, the rate follows from channels and sample size; the block alignment
            // and the average in the header must agree with it, or one of them lies.
            long frameBytes = bits > 0 ? (long) channels * ((bits + 7) / 8) : blockAlign;
            double bytesPerSecond = (double) rate * frameBytes;
            format = new Format(bytesPerSecond, blockAlign == frameBytes && averageBytesPerSecond == bytesPerSecond);
        } else {
            format = new Format(averageBytesPerSecond, true);
        }
        if (format.bytesPerSecond() < MIN_BYTES_PER_SECOND) {
            throw new MalformedAudioException("a WAV byte rate too low for audio");
        }
        return format;
    }
}
