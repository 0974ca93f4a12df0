package dev.prism.core.audio;

import java.io.IOException;

/**
 * The duration of an MPEG audio stream (MP3, and layers I and II): from the frame count of a Xing,
 * Info or VBRI tag when the count fits the bytes that follow it, otherwise by walking the frames,
 * reading four bytes of each. Like ffprobe, it counts every frame's samples, encoder delay and
 * padding included.
 */
final class Mp3Duration {
    /** How far past the tags the first frame may start, and how far a lost sync is looked for. */
    private static final int SYNC_SEARCH = 64 * 1024;
    /** How far a Xing tag's frame count may fall short of the bytes that follow (a Lyrics3 tag, padding). */
    private static final int TRAILING_SLACK = 16 * 1024;

    private record FrameCountTag(long frames, long bytes) {}

    private Mp3Duration() {}

    /** @param start where the stream starts, after any ID3v2 tags */
    static Reading read(BoundedReader in, long start) throws IOException, MalformedAudioException {
        long end = endOfAudio(in, start);
        long first = firstFrame(in, start, end);
        MpegFrameHeader header = MpegFrameHeader.parse(in.u32be(first));
        FrameCountTag tag = frameCountTag(in, first, header);
        if (tag == null) {
            return walkFrames(in, first, end, header);
        }
        long afterTag = first + header.length();
        long audioBytes = end - afterTag;
        // The tag's byte count, when given, spans the stream from the tag's frame: a file cut short
        // falls below it by more than a frame.
        boolean fits = tag.frames() > 0
                && tag.frames() * header.shortestLength() <= audioBytes + header.longestLength()
                && audioBytes <= tag.frames() * header.longestLength() + TRAILING_SLACK
                && tag.bytes() <= end - first + header.longestLength();
        double claimed = seconds(tag.frames(), header);
        if (fits) {
            return Reading.measured(claimed);
        }
        // The tag claims more frames than the bytes can hold (truncated, or a lie), or far fewer.
        Reading walked = walkFrames(in, afterTag, end, header);
        return Math.abs(walked.seconds() - claimed) <= claimed / 100 ? Reading.measured(claimed)
                : Reading.estimated(walked.seconds());
    }

    /** The end of the frames: before an ID3v1 tag and an APEv2 tag, if the file ends with them. */
    private static long endOfAudio(BoundedReader in, long start) throws IOException, MalformedAudioException {
        long end = in.size();
        if (end - 128 >= start && in.matches(end - 128, "TAG")) {
            end -= 128;
        }
        if (end - 32 >= start && in.matches(end - 32, "APETAGEX")) {
            long tagSize = in.u32le(end - 32 + 12);
            boolean hasHeader = (in.u32le(end - 32 + 20) & 0x8000_0000L) != 0;
            long total = tagSize + (hasHeader ? 32 : 0);
            if (total >= 32 && total <= end - start) {
                end -= total;
            }
        }
        return end;
    }

    /** The first frame header followed by another of the same stream (or by the end). */
    private static long firstFrame(BoundedReader in, long start, long end) throws IOException, MalformedAudioException {
        long found = nextFrame(in, start, end, null);
        if (found < 0) {
            throw new MalformedAudioException("no MPEG audio frame");
        }
        return found;
    }

    /**
     * The next position at or after {@code from}, within {@link #SYNC_SEARCH}, where a frame header
     * is followed by a header of the same stream, or -1. With {@code stream} given, only its frames.
     */
    private static long nextFrame(BoundedReader in, long from, long end, MpegFrameHeader stream)
            throws IOException, MalformedAudioException {
        long last = Math.min(end - 4, from + SYNC_SEARCH);
        for (long pos = from; pos <= last; pos++) {
            if (in.u8(pos) != 0xFF) {
                continue;
            }
            MpegFrameHeader header = MpegFrameHeader.parse(in.u32be(pos));
            if (header == null || (stream != null && !header.sameStreamAs(stream))) {
                continue;
            }
            long next = pos + header.length();
            if (next + 4 > end) {
                if (pos == from) {
                    return pos;
                }
                continue;
            }
            MpegFrameHeader following = MpegFrameHeader.parse(in.u32be(next));
            if (following != null && following.sameStreamAs(header)) {
                return pos;
            }
        }
        return -1;
    }

    /** The Xing/Info tag (LAME, ffmpeg) or the VBRI tag (Fraunhofer) in the first frame, or null. */
    private static FrameCountTag frameCountTag(BoundedReader in, long first, MpegFrameHeader header)
            throws IOException, MalformedAudioException {
        long xing = first + header.xingOffset();
        if (xing + 16 <= first + header.length() && (in.matches(xing, "Xing") || in.matches(xing, "Info"))) {
            long flags = in.u32be(xing + 4);
            long at = xing + 8;
            long frames = 0;
            long bytes = 0;
            if ((flags & 1) != 0) {
                frames = in.u32be(at);
                at += 4;
            }
            if ((flags & 2) != 0) {
                bytes = in.u32be(at);
            }
            return frames > 0 ? new FrameCountTag(frames, bytes) : null;
        }
        long vbri = first + 4 + 32;
        if (vbri + 18 <= first + header.length() && in.matches(vbri, "VBRI")) {
            long frames = in.u32be(vbri + 14);
            return frames > 0 ? new FrameCountTag(frames, in.u32be(vbri + 10)) : null;
        }
        return null;
    }

    /**
     * Counts the frames from {@code first} to {@code end}. Estimated when a frame is cut off by the
     * end of the file, when sync was lost in the middle, or when more than two frames' worth of
     * bytes at the end are not frames.
     */
    private static Reading walkFrames(BoundedReader in, long first, long end, MpegFrameHeader stream)
            throws IOException, MalformedAudioException {
        long frames = 0;
        boolean damaged = false;
        long pos = first;
        while (pos + 4 <= end) {
            MpegFrameHeader header = in.u8(pos) == 0xFF ? MpegFrameHeader.parse(in.u32be(pos)) : null;
            if (header != null && header.sameStreamAs(stream)) {
                if (pos + header.length() > end) {
                    damaged = true;
                    break;
                }
                frames++;
                pos += header.length();
                continue;
            }
            long next = nextFrame(in, pos + 1, end, stream);
            if (next < 0) {
                damaged |= end - pos > 2L * stream.longestLength();
                break;
            }
            damaged = true;
            pos = next;
        }
        // A few bytes left over that start like a frame are a frame cut short.
        damaged |= pos < end && end - pos < 4 && in.u8(pos) == 0xFF;
        return new Reading(seconds(frames, stream), damaged);
    }

    private static double seconds(long frames, MpegFrameHeader header) {
        return (double) frames * header.samples() / header.sampleRate();
    }
}
