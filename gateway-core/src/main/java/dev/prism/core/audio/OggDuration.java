package dev.prism.core.audio;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The duration of an Ogg Vorbis or Ogg Opus file: the granule position (the sample count) of the
 * last complete page of the first logical stream, found by walking the page headers from the
 * start. The walk also counts the stream's packets, and no packet can hold more than a known number
 * of samples (120 ms for Opus, half the long block for Vorbis), which bounds a granule position that
 * lies. A stream without its end-of-stream page was cut short: its duration is marked estimated.
 */
final class OggDuration {
    private static final int PAGE_HEADER = 27;
    /** How far a lost page boundary is looked for before the rest is taken for damage. */
    private static final int RESYNC_SEARCH = 64 * 1024;
    private static final int BEGINS_STREAM = 2;
    private static final int ENDS_STREAM = 4;
    private static final int MAX_STREAMS = 64;

    /** The codec of the first logical stream, from its first packet. */
    private record Codec(AudioFormat format, int headerPackets, double sampleRate, long preSkip,
            double maxSecondsPerPacket) {}

    private OggDuration() {}

    /** The first logical stream's codec, for {@link AudioFormat}: Vorbis, Opus or another. */
    static AudioFormat format(BoundedReader in) throws IOException, MalformedAudioException {
        return codec(in).format();
    }

    static Reading read(BoundedReader in) throws IOException, MalformedAudioException {
        Codec codec = codec(in);
        if (codec.format() == AudioFormat.OGG) {
            throw new MalformedAudioException("an Ogg codec other than Vorbis or Opus");
        }
        long serial = in.u32le(14);
        long size = in.size();
        long lastGranule = -1;
        long packets = 0;
        long packetLength = 0;
        boolean damaged = false;
        boolean ended = false;
        Set<Long> begunStreams = new HashSet<>();
        long pos = 0;
        while (pos + PAGE_HEADER <= size) {
            if (!in.matches(pos, "OggS")) {
                long next = find(in, pos + 1);
                damaged = true;
                if (next < 0) {
                    break;
                }
                pos = next;
                continue;
            }
            int segments = in.u8(pos + 26);
            if (pos + PAGE_HEADER + segments > size) {
                damaged = true;
                break;
            }
            byte[] lacing = in.bytes(pos + PAGE_HEADER, segments);
            long bodyLength = 0;
            for (byte value : lacing) {
                bodyLength += value & 0xFF;
            }
            long pageEnd = pos + PAGE_HEADER + segments + bodyLength;
            if (pageEnd > size) {
                damaged = true;
                break;
            }
            long pageSerial = in.u32le(pos + 14);
            int flags = in.u8(pos + 5);
            if ((flags & BEGINS_STREAM) != 0) {
                // A stream chained after the first one has ended is not counted: say so.
                damaged |= ended;
                if (begunStreams.size() < MAX_STREAMS) {
                    begunStreams.add(pageSerial);
                }
            } else if (!begunStreams.contains(pageSerial)) {
                damaged = true;
            }
            if (pageSerial == serial) {
                ended |= (flags & ENDS_STREAM) != 0;
                for (byte value : lacing) {
                    // A lacing value under 255 ends a packet, which may have begun on an earlier page.
                    packetLength += value & 0xFF;
                    if ((value & 0xFF) < 255) {
                        packets += packetLength > 0 ? 1 : 0;
                        packetLength = 0;
                    }
                }
                long granule = in.u64le(pos + 6);
                if (granule >= 0) {
                    lastGranule = granule;
                }
            }
            pos = pageEnd;
        }
        long audioPackets = Math.max(0, packets - codec.headerPackets());
        double seconds = Math.max(0, lastGranule - codec.preSkip()) / codec.sampleRate();
        // Without its end-of-stream page the stream was cut short (or its pages damaged).
        return new Reading(seconds, damaged || !ended || audioPackets == 0)
                .atMost(audioPackets * codec.maxSecondsPerPacket());
    }

    private static long find(BoundedReader in, long from) throws IOException, MalformedAudioException {
        long last = Math.min(in.size() - PAGE_HEADER, from + RESYNC_SEARCH);
        for (long pos = from; pos <= last; pos++) {
            if (in.u8(pos) == 'O' && in.matches(pos, "OggS")) {
                return pos;
            }
        }
        return -1;
    }

    private static Codec codec(BoundedReader in) throws IOException, MalformedAudioException {
        if ((in.u8(5) & BEGINS_STREAM) == 0) {
            throw new MalformedAudioException("the first Ogg page does not begin a stream");
        }
        long packet = PAGE_HEADER + in.u8(26);
        if (in.matches(packet, "\u0001vorbis")) {
            long rate = in.u32le(packet + 12);
            int blockSizes = in.u8(packet + 28);
            int longBlock = 1 << Math.min(13, blockSizes >>> 4);
            if (rate < 1000 || rate > 768_000) {
                throw new MalformedAudioException("a Vorbis sample rate out of range");
            }
            return new Codec(AudioFormat.OGG_VORBIS, 3, rate, 0, longBlock / 2.0 / rate);
        }
        if (in.matches(packet, "OpusHead")) {
            // Opus counts granules at 48 kHz whatever the input rate; the first pre-skip samples are
            // the decoder's warm-up, not audio. No packet holds more than 120 ms.
            return new Codec(AudioFormat.OGG_OPUS, 2, 48_000, in.u16le(packet + 10), 0.120);
        }
        return new Codec(AudioFormat.OGG, 0, 1, 0, 0);
    }
}
