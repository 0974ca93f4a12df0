package dev.prism.core.audio;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Reads the duration of an uploaded audio file from its container's headers: WAV, MP3 (Xing, Info
 * or VBRI tags, else a walk over the frames), FLAC, Ogg Vorbis and Opus, MP4/M4A and
 * Matroska/WebM. The container is recognised by its first bytes, never by the file's name.
 *
 * <p>Safe on untrusted input: the parsers read small runs at the positions the headers point to,
 * never the whole file into memory, and no more than the file once through plus a megabyte
 * however the headers lie. A file that is not audio, or is too damaged to read, gets a duration
 * estimated from its size at {@value #ESTIMATE_BYTES_PER_SECOND} bytes a second (128 kbps, a
 * common rate for compressed speech). Every duration read from headers is checked against what the
 * bytes can hold (per container, and at most one second per {@value #MIN_BYTES_PER_SECOND} bytes
 * overall), and marked estimated when it had to be cut.
 *
 * <p>Stateless and thread-safe, as far as the {@link RandomAccessBytes} given is.
 */
public final class AudioDuration {
    /** The byte rate assumed for a file whose duration cannot be read from its headers. */
    public static final int ESTIMATE_BYTES_PER_SECOND = 16_000;
    /**
     * Fewer bytes a second than any audio file holds, silence included (the quietest real files, AAC
     * and Vorbis of digital silence, use 60 to 90): no duration is believed beyond the size over this.
     */
    public static final int MIN_BYTES_PER_SECOND = 16;

    private static final System.Logger LOG = System.getLogger(AudioDuration.class.getName());
    private static final int MAX_ID3_TAGS = 16;

    /** Where the audio starts and what it is. */
    private record Container(AudioFormat format, long start) {}

    private AudioDuration() {}

    /** The duration of the first {@code length} bytes of {@code bytes} (an upload held in memory). */
    public static MeasuredDuration of(byte[] bytes, int length) {
        try {
            return of(RandomAccessBytes.of(bytes, length));
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail", e);
        }
    }

    /** The duration of a file (an upload spooled to disk). */
    public static MeasuredDuration of(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return of(RandomAccessBytes.of(channel));
        }
    }

    /**
     * The duration of {@code source}. Never fails on what the bytes say, whatever they are.
     *
     * @throws IOException only when the source itself cannot be read
     */
    public static MeasuredDuration of(RandomAccessBytes source) throws IOException {
        try {
            return measure(source);
        } catch (RuntimeException e) {
            // A parser bug must not fail the request: the upload still has a size.
            LOG.log(System.Logger.Level.WARNING,
                    "Could not read an upload's audio duration; estimating it from the size", e);
            return estimate(Math.max(0, source.size()), AudioFormat.UNKNOWN);
        }
    }

    /** {@link #of(RandomAccessBytes)} without the safety net, so that tests see every exception. */
    static MeasuredDuration measure(RandomAccessBytes source) throws IOException {
        BoundedReader in = new BoundedReader(source);
        Container container;
        try {
            container = recognise(in);
        } catch (MalformedAudioException e) {
            container = new Container(AudioFormat.UNKNOWN, 0);
        }
        AudioFormat format = container.format();
        try {
            Reading reading = switch (format) {
                case WAV -> WavDuration.read(in);
                case MP3 -> Mp3Duration.read(in, container.start());
                case FLAC -> FlacDuration.read(in, container.start());
                case OGG -> {
                    format = OggDuration.format(in);
                    yield OggDuration.read(in);
                }
                case MP4 -> Mp4Duration.read(in);
                case MATROSKA -> MatroskaDuration.read(in);
                case OGG_VORBIS, OGG_OPUS, UNKNOWN -> null;
            };
            if (reading == null) {
                return estimate(in.size(), format);
            }
            Reading bounded = reading.atMost(in.size() / (double) MIN_BYTES_PER_SECOND);
            return new MeasuredDuration(toMillis(bounded.seconds()), bounded.estimated(), format);
        } catch (MalformedAudioException e) {
            return estimate(in.size(), format);
        }
    }

    /** A duration guessed from the size alone, for bytes that cannot be read at all. */
    public static MeasuredDuration estimateFromSize(long size) {
        return estimate(size, AudioFormat.UNKNOWN);
    }

    private static MeasuredDuration estimate(long size, AudioFormat format) {
        return new MeasuredDuration(toMillis(size / (double) ESTIMATE_BYTES_PER_SECOND), true, format);
    }

    private static Duration toMillis(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static Container recognise(BoundedReader in) throws IOException, MalformedAudioException {
        if (in.size() < 12) {
            return new Container(AudioFormat.UNKNOWN, 0);
        }
        if (in.matches(0, "RIFF") && in.matches(8, "WAVE")) {
            return new Container(AudioFormat.WAV, 0);
        }
        if (in.matches(0, "fLaC")) {
            return new Container(AudioFormat.FLAC, 0);
        }
        if (in.matches(0, "OggS")) {
            return new Container(AudioFormat.OGG, 0);
        }
        if (in.u32be(0) == 0x1A45DFA3L) {
            return new Container(AudioFormat.MATROSKA, 0);
        }
        if (in.matches(4, "ftyp")) {
            return new Container(AudioFormat.MP4, 0);
        }
        long afterTags = afterId3v2Tags(in);
        if (afterTags > 0) {
            // FLAC files sometimes carry an ID3v2 tag too.
            return new Container(in.matches(afterTags, "fLaC") ? AudioFormat.FLAC : AudioFormat.MP3, afterTags);
        }
        if (MpegFrameHeader.parse(in.u32be(0)) != null) {
            return new Container(AudioFormat.MP3, 0);
        }
        return new Container(AudioFormat.UNKNOWN, 0);
    }

    /** The position after the ID3v2 tags at the start of the file (0 when there are none). */
    private static long afterId3v2Tags(BoundedReader in) throws IOException, MalformedAudioException {
        long pos = 0;
        for (int tags = 0; tags < MAX_ID3_TAGS && pos + 10 <= in.size() && in.matches(pos, "ID3"); tags++) {
            long size = 0;
            for (int i = 6; i < 10; i++) {
                int b = in.u8(pos + i);
                if (b >= 0x80) {
                    return pos;
                }
                size = size << 7 | b;
            }
            boolean footer = (in.u8(pos + 5) & 0x10) != 0;
            pos += 10 + size + (footer ? 10 : 0);
        }
        return pos;
    }
}
