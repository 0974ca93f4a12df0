package dev.prism.core.audio;

import java.io.IOException;
import java.util.Set;

/**
 * The duration of a Matroska or WebM file: {@code Duration} in {@code Info}, checked against the
 * timestamp of the audio track's last block, which is also the answer when {@code Duration} is
 * missing (a file written to a pipe, as browsers' MediaRecorder does) or does not agree with the
 * blocks (a truncated file, or a header that lies). The segment is walked element by element,
 * skipping each cluster whole but the last.
 */
final class MatroskaDuration {
    private static final long EBML = 0x1A45DFA3L;
    private static final long SEGMENT = 0x18538067L;
    private static final long INFO = 0x1549A966L;
    private static final long TIMESTAMP_SCALE = 0x2AD7B1L;
    private static final long DURATION = 0x4489L;
    private static final long TRACKS = 0x1654AE6BL;
    private static final long TRACK_ENTRY = 0xAEL;
    private static final long TRACK_NUMBER = 0xD7L;
    private static final long TRACK_TYPE = 0x83L;
    private static final long DEFAULT_DURATION = 0x23E383L;
    private static final long CLUSTER = 0x1F43B675L;
    private static final long CLUSTER_TIMESTAMP = 0xE7L;
    private static final long SIMPLE_BLOCK = 0xA3L;
    private static final long BLOCK_GROUP = 0xA0L;
    private static final long BLOCK = 0xA1L;
    private static final long BLOCK_DURATION = 0x9BL;
    /** The elements that end a cluster of unknown size: the segment's other children, or a new segment. */
    private static final Set<Long> TOP_LEVEL = Set.of(0x114D9B74L, INFO, TRACKS, CLUSTER, 0x1C53BB6BL, 0x1941A469L,
            0x1043A770L, 0x1254C367L, EBML, SEGMENT);
    private static final int MAX_ELEMENTS = 1_000_000;
    private static final int AUDIO_TRACK = 2;
    /** How far {@code Duration} may be from the last block's end and still be believed. */
    private static final double AGREEMENT_SECONDS = 0.5;

    /** An element's header: its id, where its data starts, and its size (-1: unknown). */
    private record Element(long id, long data, long size) {
        long end() {
            return data + size;
        }
    }

    /** What the walk found so far. */
    private static final class Segment {
        int elements;
        long timestampScale = 1_000_000;
        double duration = Double.NaN;
        long audioTrack = -1;
        long defaultDurationNanos;
        long lastClusterStart = -1;
        long lastClusterEnd;
        long clusterTimestamp;
        long lastBlock = Long.MIN_VALUE;
        long blockBeforeLast = Long.MIN_VALUE;
        long lastBlockDuration;
        boolean truncated;
    }

    private MatroskaDuration() {}

    static Reading read(BoundedReader in) throws IOException, MalformedAudioException {
        Element header = element(in, 0);
        if (header.id() != EBML || header.size() < 0) {
            throw new MalformedAudioException("no EBML header");
        }
        Element segment = element(in, header.end());
        if (segment.id() != SEGMENT) {
            throw new MalformedAudioException("no Matroska segment");
        }
        Segment found = new Segment();
        long end = in.size();
        if (segment.size() >= 0 && segment.end() <= end && segment.end() >= segment.data()) {
            end = segment.end();
        } else if (segment.size() >= 0) {
            found.truncated = true;
        }
        walkSegment(in, segment.data(), end, found);
        if (found.lastClusterStart >= 0) {
            blocks(in, found.lastClusterStart, found.lastClusterEnd, found);
        }
        return decide(found);
    }

    private static Reading decide(Segment found) throws MalformedAudioException {
        double secondsPerTick = found.timestampScale / 1e9;
        double claimed = found.duration * secondsPerTick;
        boolean hasClaim = claimed > 0 && Double.isFinite(claimed);
        if (found.lastBlock == Long.MIN_VALUE) {
            if (!hasClaim) {
                throw new MalformedAudioException("no Duration and no blocks");
            }
            return new Reading(claimed, found.truncated);
        }
        double lastFrame = found.lastBlockDuration > 0 ? found.lastBlockDuration * secondsPerTick
                : found.defaultDurationNanos > 0 ? found.defaultDurationNanos / 1e9
                : found.blockBeforeLast != Long.MIN_VALUE ? (found.lastBlock - found.blockBeforeLast) * secondsPerTick
                : 0;
        double blocksEnd = Math.max(0, found.lastBlock * secondsPerTick + lastFrame);
        if (hasClaim && !found.truncated
                && Math.abs(claimed - blocksEnd) <= AGREEMENT_SECONDS + claimed / 100) {
            return Reading.measured(claimed);
        }
        return new Reading(blocksEnd, hasClaim || found.truncated);
    }

    private static void walkSegment(BoundedReader in, long from, long to, Segment found)
            throws IOException, MalformedAudioException {
        long pos = from;
        while (pos < to) {
            Element child = element(in, pos);
            count(found);
            if (child.id() == CLUSTER && child.size() < 0) {
                // Written without seeking back: its end is where the next top-level element starts.
                pos = blocks(in, child.data(), to, found);
                found.lastClusterStart = -1;
                continue;
            }
            if (child.size() < 0) {
                throw new MalformedAudioException("an element of unknown size that is not a cluster");
            }
            long end = child.end();
            if (end > to || end < child.data()) {
                found.truncated = true;
                end = to;
            }
            if (child.id() == INFO) {
                info(in, child.data(), end, found);
            } else if (child.id() == TRACKS) {
                tracks(in, child.data(), end, found);
            } else if (child.id() == CLUSTER) {
                found.lastClusterStart = child.data();
                found.lastClusterEnd = end;
            }
            pos = end;
        }
    }

    private static void info(BoundedReader in, long from, long to, Segment found)
            throws IOException, MalformedAudioException {
        for (long pos = from; pos < to; ) {
            Element child = sized(in, pos, to, found);
            if (child.id() == TIMESTAMP_SCALE) {
                found.timestampScale = unsigned(in, child);
                if (found.timestampScale <= 0) {
                    throw new MalformedAudioException("a timestamp scale of 0");
                }
            } else if (child.id() == DURATION && (child.size() == 4 || child.size() == 8)) {
                found.duration = child.size() == 4 ? Float.intBitsToFloat((int) in.u32be(child.data()))
                        : Double.longBitsToDouble(in.u64be(child.data()));
            }
            pos = child.end();
        }
    }

    /** The first audio track's number and default frame duration. */
    private static void tracks(BoundedReader in, long from, long to, Segment found)
            throws IOException, MalformedAudioException {
        for (long pos = from; pos < to && found.audioTrack < 0; ) {
            Element entry = sized(in, pos, to, found);
            if (entry.id() == TRACK_ENTRY) {
                long number = -1;
                long type = -1;
                long defaultDuration = 0;
                for (long at = entry.data(); at < entry.end(); ) {
                    Element field = sized(in, at, entry.end(), found);
                    if (field.id() == TRACK_NUMBER) {
                        number = unsigned(in, field);
                    } else if (field.id() == TRACK_TYPE) {
                        type = unsigned(in, field);
                    } else if (field.id() == DEFAULT_DURATION) {
                        defaultDuration = unsigned(in, field);
                    }
                    at = field.end();
                }
                if (type == AUDIO_TRACK && number > 0) {
                    found.audioTrack = number;
                    found.defaultDurationNanos = Math.max(0, defaultDuration);
                }
            }
            pos = entry.end();
        }
    }

    /**
     * Reads a cluster's timestamp and its blocks' timestamps, from {@code from} until {@code to} or
     * a top-level element; returns where the cluster ends.
     */
    private static long blocks(BoundedReader in, long from, long to, Segment found)
            throws IOException, MalformedAudioException {
        long pos = from;
        while (pos < to) {
            if (TOP_LEVEL.contains(id(in, pos))) {
                return pos;
            }
            Element child = element(in, pos);
            count(found);
            if (child.size() < 0) {
                throw new MalformedAudioException("a cluster child of unknown size");
            }
            if (child.end() > to || child.end() < child.data()) {
                found.truncated = true;
                return to;
            }
            if (child.id() == CLUSTER_TIMESTAMP) {
                found.clusterTimestamp = unsigned(in, child);
            } else if (child.id() == SIMPLE_BLOCK) {
                block(in, child, 0, found);
            } else if (child.id() == BLOCK_GROUP) {
                Element block = null;
                long duration = 0;
                for (long at = child.data(); at < child.end(); ) {
                    Element field = sized(in, at, child.end(), found);
                    if (field.id() == BLOCK) {
                        block = field;
                    } else if (field.id() == BLOCK_DURATION) {
                        duration = unsigned(in, field);
                    }
                    at = field.end();
                }
                if (block != null) {
                    block(in, block, duration, found);
                }
            }
            pos = child.end();
        }
        return to;
    }

    /** A block of the audio track (of any track, if none is marked audio) moves the last timestamp. */
    private static void block(BoundedReader in, Element block, long duration, Segment found)
            throws IOException, MalformedAudioException {
        int trackLength = vintLength(in.u8(block.data()));
        if (trackLength > 8 || block.size() < trackLength + 3) {
            return;
        }
        long track = in.u8(block.data()) & (0xFF >>> trackLength);
        for (int i = 1; i < trackLength; i++) {
            track = track << 8 | in.u8(block.data() + i);
        }
        if (found.audioTrack >= 0 && track != found.audioTrack) {
            return;
        }
        long timestamp = found.clusterTimestamp + (short) in.u16be(block.data() + trackLength);
        if (timestamp >= found.lastBlock) {
            if (timestamp > found.lastBlock) {
                found.blockBeforeLast = found.lastBlock;
            }
            found.lastBlock = timestamp;
            found.lastBlockDuration = duration;
        }
    }

    /** A child element that must have a known size and fit within {@code to}. */
    private static Element sized(BoundedReader in, long pos, long to, Segment found)
            throws IOException, MalformedAudioException {
        Element element = element(in, pos);
        count(found);
        if (element.size() < 0 || element.end() > to || element.end() < element.data()) {
            throw new MalformedAudioException("an element that does not fit its parent");
        }
        return element;
    }

    private static void count(Segment found) throws MalformedAudioException {
        if (++found.elements > MAX_ELEMENTS) {
            throw new MalformedAudioException("too many Matroska elements");
        }
    }

    private static Element element(BoundedReader in, long pos) throws IOException, MalformedAudioException {
        long id = id(in, pos);
        int idLength = vintLength(in.u8(pos));
        long sizeAt = pos + idLength;
        int first = in.u8(sizeAt);
        int sizeLength = vintLength(first);
        if (sizeLength > 8) {
            throw new MalformedAudioException("an EBML size of more than 8 bytes");
        }
        long size = first & (0xFF >>> sizeLength);
        boolean allOnes = size == (0xFF >>> sizeLength);
        for (int i = 1; i < sizeLength; i++) {
            int next = in.u8(sizeAt + i);
            allOnes &= next == 0xFF;
            size = size << 8 | next;
        }
        return new Element(id, sizeAt + sizeLength, allOnes ? -1 : size);
    }

    /** An element id, its length marker included, as Matroska's specification writes ids. */
    private static long id(BoundedReader in, long pos) throws IOException, MalformedAudioException {
        int length = vintLength(in.u8(pos));
        if (length > 4) {
            throw new MalformedAudioException("an EBML id of more than 4 bytes");
        }
        long id = 0;
        for (int i = 0; i < length; i++) {
            id = id << 8 | in.u8(pos + i);
        }
        return id;
    }

    /** 1 to 8 from the leading zeros of an EBML variable-length integer's first byte; 9 for 0. */
    private static int vintLength(int first) {
        return Integer.numberOfLeadingZeros(first) - 23;
    }

    private static long unsigned(BoundedReader in, Element element) throws IOException, MalformedAudioException {
        if (element.size() > 8) {
            throw new MalformedAudioException("an unsigned integer of more than 8 bytes");
        }
        long value = 0;
        for (int i = 0; i < element.size(); i++) {
            value = value << 8 | in.u8(element.data() + i);
        }
        return value;
    }
}
