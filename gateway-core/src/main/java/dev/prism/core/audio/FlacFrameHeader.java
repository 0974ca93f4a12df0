package dev.prism.core.audio;

/**
 * The header of one FLAC frame: where in the stream its samples start and how many it holds. Parsed
 * only when every field is valid, agrees with STREAMINFO, and the header's CRC-8 matches.
 */
record FlacFrameHeader(long firstSample, int blockSize) {
    private static final int[] RATES = {0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000,
        96000};

    long endSample() {
        return firstSample + blockSize;
    }

    /**
     * The header at {@code at} in {@code bytes}, or null.
     *
     * @param nominalBlockSize the block size of a fixed-block-size stream, whose frames carry their
     *     number rather than their first sample's
     */
    static FlacFrameHeader parse(byte[] bytes, int at, int nominalBlockSize, int sampleRate, int channels) {
        if (at + 6 > bytes.length || (bytes[at] & 0xFF) != 0xFF || (bytes[at + 1] & 0xFE) != 0xF8) {
            return null;
        }
        boolean variableBlocks = (bytes[at + 1] & 1) == 1;
        int blockCode = (bytes[at + 2] & 0xFF) >>> 4;
        int rateCode = bytes[at + 2] & 0xF;
        int channelCode = (bytes[at + 3] & 0xFF) >>> 4;
        int sampleSizeCode = (bytes[at + 3] >>> 1) & 7;
        if (blockCode == 0 || rateCode == 15 || channelCode > 10 || sampleSizeCode == 3 || (bytes[at + 3] & 1) != 0
                || (channelCode < 8 ? channelCode + 1 : 2) != channels
                || (rateCode >= 1 && rateCode <= 11 && RATES[rateCode] != sampleRate)) {
            return null;
        }
        int pos = at + 4;
        int lead = bytes[pos] & 0xFF;
        int extra = lead < 0x80 ? 0 : lead < 0xC0 ? -1 : lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : lead < 0xF8 ? 3
                : lead < 0xFC ? 4 : lead < 0xFE ? 5 : lead == 0xFE ? 6 : -1;
        if (extra < 0 || pos + 1 + extra > bytes.length) {
            return null;
        }
        long number = extra == 0 ? lead : lead & (0x3F >>> extra);
        for (int i = 1; i <= extra; i++) {
            int continuation = bytes[pos + i] & 0xFF;
            if ((continuation & 0xC0) != 0x80) {
                return null;
            }
            number = number << 6 | (continuation & 0x3F);
        }
        pos += 1 + extra;
        int blockSize;
        if (blockCode == 6 || blockCode == 7) {
            int width = blockCode == 6 ? 1 : 2;
            if (pos + width > bytes.length) {
                return null;
            }
            blockSize = (width == 1 ? bytes[pos] & 0xFF : (bytes[pos] & 0xFF) << 8 | (bytes[pos + 1] & 0xFF)) + 1;
            pos += width;
        } else {
            blockSize = blockCode == 1 ? 192 : blockCode <= 5 ? 576 << (blockCode - 2) : 256 << (blockCode - 8);
        }
        pos += rateCode == 12 ? 1 : rateCode == 13 || rateCode == 14 ? 2 : 0;
        if (pos >= bytes.length || crc8(bytes, at, pos) != (bytes[pos] & 0xFF)) {
            return null;
        }
        return new FlacFrameHeader(variableBlocks ? number : number * nominalBlockSize, blockSize);
    }

    private static int crc8(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= bytes[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80) != 0 ? (crc << 1 ^ 0x07) & 0xFF : crc << 1 & 0xFF;
            }
        }
        return crc;
    }
}
