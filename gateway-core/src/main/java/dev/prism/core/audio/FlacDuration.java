package dev.prism.core.audio;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The duration of a FLAC file: the sample count in STREAMINFO, checked against the header of the
 * last frame, which says where in the stream that frame starts. When the two disagree (a truncated
 * file, or a STREAMINFO that lies) the last frame is what the bytes hold.
 */
final class FlacDuration {
    private static final int MAX_METADATA_BLOCKS = 1024;
    /** How much of the end of the file is searched for the last frame header. */
    private static final int TAIL = 64 * 1024;
    private static final int MAX_CANDIDATES = 4096;

    /** STREAMINFO's fields that matter here. */
    private record StreamInfo(int minBlockSize, int maxBlockSize, int sampleRate, int channels, long totalSamples) {}

    private FlacDuration() {}

    /** @param start where "fLaC" is (after any ID3v2 tags) */
    static Reading read(BoundedReader in, long start) throws IOException, MalformedAudioException {
        long pos = start + 4;
        StreamInfo info = null;
        for (int blocks = 0; ; blocks++) {
            if (blocks == MAX_METADATA_BLOCKS) {
                throw new MalformedAudioException("too many FLAC metadata blocks");
            }
            int type = in.u8(pos);
            int length = in.u24be(pos + 1);
            if (blocks == 0) {
                if ((type & 0x7F) != 0 || length < 34) {
                    throw new MalformedAudioException("FLAC without STREAMINFO");
                }
                info = streamInfo(in, pos + 4);
            }
            pos += 4 + length;
            if ((type & 0x80) != 0) {
                break;
            }
        }
        long total = info.totalSamples();
        Long lastFrameEnd = pos < in.size() ? lastFrameEnd(in, pos, info) : null;
        if (lastFrameEnd == null) {
            // No frame found where the last ones should be: the file is damaged or cut in the middle
            // of its frames. STREAMINFO is all there is; the caller bounds it by the file's size.
            return Reading.estimated(total / (double) info.sampleRate());
        }
        if (total > 0 && Math.abs(total - lastFrameEnd) <= info.maxBlockSize()) {
            return Reading.measured(total / (double) info.sampleRate());
        }
        // An unknown total (0, written by encoders that could not seek back) is not a disagreement.
        return new Reading(lastFrameEnd / (double) info.sampleRate(), total > 0);
    }

    private static StreamInfo streamInfo(BoundedReader in, long at) throws IOException, MalformedAudioException {
        int minBlock = in.u16be(at);
        int maxBlock = in.u16be(at + 2);
        long packed = in.u64be(at + 10);
        int rate = (int) (packed >>> 44);
        int channels = (int) (packed >>> 41 & 7) + 1;
        long total = packed & 0xF_FFFF_FFFFL;
        if (rate == 0 || maxBlock < 16 || minBlock > maxBlock) {
            throw new MalformedAudioException("a STREAMINFO out of range");
        }
        return new StreamInfo(minBlock, maxBlock, rate, channels, total);
    }

    /**
     * The sample number just after the last frame: from the last frame header in the file's tail that
     * follows on from a header before it (so that a chance sync pattern inside a frame's audio is not
     * taken for a frame), or from the stream's first frame. Null when there is none.
     */
    private static Long lastFrameEnd(BoundedReader in, long audioStart, StreamInfo info)
            throws IOException, MalformedAudioException {
        long from = Math.max(audioStart, in.size() - TAIL);
        byte[] tail = in.bytes(from, (int) (in.size() - from));
        Map<Long, FlacFrameHeader> laterByFirstSample = new HashMap<>();
        for (int i = tail.length - 2; i >= 0; i--) {
            FlacFrameHeader header = FlacFrameHeader.parse(tail, i, info.minBlockSize(), info.sampleRate(),
                    info.channels());
            if (header == null) {
                continue;
            }
            FlacFrameHeader next = laterByFirstSample.get(header.endSample());
            if (next != null) {
                return next.endSample();
            }
            if (from + i == audioStart && header.firstSample() == 0) {
                return header.endSample();
            }
            if (laterByFirstSample.size() < MAX_CANDIDATES) {
                laterByFirstSample.putIfAbsent(header.firstSample(), header);
            }
        }
        return null;
    }
}
