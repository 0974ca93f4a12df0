package dev.prism.core.audio;

/**
 * The four-byte header of an MPEG audio frame (layers I, II and III of MPEG-1, MPEG-2 and the
 * unofficial MPEG-2.5): enough to know where the next frame starts and how many samples this one
 * holds.
 *
 * @param version 1, 2, or 25 for MPEG-2.5
 */
record MpegFrameHeader(int version, int layer, int bitrateKbps, int sampleRate, boolean padded, boolean mono) {
    private static final int[][] BITRATES_KBPS = {
        {32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // MPEG-1 layer I
        {32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384}, // MPEG-1 layer II
        {32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}, // MPEG-1 layer III
        {32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256}, // MPEG-2/2.5 layer I
        {8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}, // MPEG-2/2.5 layers II and III
    };
    private static final int[] MPEG1_RATES = {44100, 48000, 32000};

    /** The header in {@code bits}, or null when they are not a frame header Prism can measure. */
    static MpegFrameHeader parse(long bits) {
        if ((bits >>> 21 & 0x7FF) != 0x7FF) {
            return null;
        }
        int versionBits = (int) (bits >>> 19 & 3);
        int layerBits = (int) (bits >>> 17 & 3);
        int bitrateIndex = (int) (bits >>> 12 & 0xF);
        int rateIndex = (int) (bits >>> 10 & 3);
        // Reserved values; a bit rate index of 0 is "free format", whose frame length is not in the header.
        if (versionBits == 1 || layerBits == 0 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3
                || (bits & 3) == 2) {
            return null;
        }
        int version = versionBits == 3 ? 1 : versionBits == 2 ? 2 : 25;
        int layer = 4 - layerBits;
        int table = version == 1 ? layer - 1 : layer == 1 ? 3 : 4;
        int rate = MPEG1_RATES[rateIndex] / (version == 1 ? 1 : version == 2 ? 2 : 4);
        return new MpegFrameHeader(version, layer, BITRATES_KBPS[table][bitrateIndex - 1], rate,
                (bits >>> 9 & 1) == 1, (bits >>> 6 & 3) == 3);
    }

    /** Bytes from this header to the next one. */
    int length() {
        return length(bitrateKbps, padded);
    }

    /** The length of the shortest frame of this kind: the lowest bit rate, unpadded. */
    int shortestLength() {
        int table = version == 1 ? layer - 1 : layer == 1 ? 3 : 4;
        return length(BITRATES_KBPS[table][0], false);
    }

    /** The length of the longest frame of this kind: the highest bit rate, padded. */
    int longestLength() {
        int table = version == 1 ? layer - 1 : layer == 1 ? 3 : 4;
        return length(BITRATES_KBPS[table][13], true);
    }

    int samples() {
        return layer == 1 ? 384 : layer == 3 && version != 1 ? 576 : 1152;
    }

    /** Where a Xing or Info tag starts in the first frame: after the header and the side information. */
    int xingOffset() {
        return 4 + (version == 1 ? (mono ? 17 : 32) : (mono ? 9 : 17));
    }

    /** Whether {@code other} can follow this frame in the same stream. */
    boolean sameStreamAs(MpegFrameHeader other) {
        return other.version == version && other.layer == layer && other.sampleRate == sampleRate;
    }

    private int length(int kbps, boolean padding) {
        if (layer == 1) {
            return (12 * kbps * 1000 / sampleRate + (padding ? 1 : 0)) * 4;
        }
        int coefficient = layer == 3 && version != 1 ? 72 : 144;
        return coefficient * kbps * 1000 / sampleRate + (padding ? 1 : 0);
    }
}
