package dev.prism.provider.mock;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A FLAC stream: the {@code fLaC} marker, a STREAMINFO block (exact sample count and the MD5 of the
 * audio), then fixed-size frames of 4096 samples, each one VERBATIM subframe (uncompressed samples)
 * with its CRC-8 header check and CRC-16 footer.
 *
 * <p>Verbatim frames are as large as PCM; a mock values a simple, obviously correct encoder over
 * compression.
 */
final class FlacEncoder implements AudioEncoder {
    static final int BLOCK_SIZE = 4096;

    private static final int STREAMINFO_BYTES = 34;
    private static final int BITS_PER_SAMPLE = 16;
    private static final int BLOCK_SIZE_CODE_4096 = 0b1100;
    private static final int BLOCK_SIZE_CODE_16_BIT_AT_END = 0b0111;
    private static final int SAMPLE_RATE_CODE_24_KHZ = 0b0111;
    private static final int MONO_16_BIT = 0b0000_100_0; // one channel, 16 bits per sample
    private static final int VERBATIM_SUBFRAME = 0b0_000001_0;

    @Override
    public Stream<byte[]> encode(SpeechTone tone) {
        int frames = (tone.sampleCount() + BLOCK_SIZE - 1) / BLOCK_SIZE;
        return Stream.concat(Stream.of(streamHeader(tone)), IntStream.range(0, frames).mapToObj(n -> frame(tone, n)));
    }

    private static byte[] streamHeader(SpeechTone tone) {
        long samples = tone.sampleCount();
        long rateChannelsDepthSamples = (long) SpeechTone.SAMPLE_RATE << 44 // 20 bits
                | 0L << 41 // channels - 1, 3 bits
                | (long) (BITS_PER_SAMPLE - 1) << 36 // 5 bits
                | samples; // 36 bits
        return ByteBuffer.allocate(4 + 4 + STREAMINFO_BYTES)
                .put("fLaC".getBytes(StandardCharsets.US_ASCII))
                .putInt(1 << 31 | STREAMINFO_BYTES) // last metadata block, type 0 (STREAMINFO)
                .putShort((short) BLOCK_SIZE) // minimum block size
                .putShort((short) BLOCK_SIZE) // maximum block size
                .put(new byte[6]) // minimum and maximum frame size: 0, unknown
                .putLong(rateChannelsDepthSamples)
                .put(md5(tone))
                .array();
    }

    /** The MD5 of the unencoded audio (signed little-endian samples) that decoders verify. */
    private static byte[] md5(SpeechTone tone) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            tone.pcmChunks(SAMPLES_PER_CHUNK).forEach(md5::update);
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has MD5", e);
        }
    }

    private static byte[] frame(SpeechTone tone, int frameNumber) {
        int first = frameNumber * BLOCK_SIZE;
        int blockSize = Math.min(BLOCK_SIZE, tone.sampleCount() - first);
        boolean full = blockSize == BLOCK_SIZE;

        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + blockSize * 2);
        out.write(0xFF); // sync 0b11111111111110, reserved 0,
        out.write(0xF8); // fixed block size
        out.write((full ? BLOCK_SIZE_CODE_4096 : BLOCK_SIZE_CODE_16_BIT_AT_END) << 4 | SAMPLE_RATE_CODE_24_KHZ);
        out.write(MONO_16_BIT);
        writeCodedNumber(out, frameNumber);
        if (!full) {
            out.write((blockSize - 1) >> 8);
            out.write(blockSize - 1);
        }
        out.write(FlacCrc.crc8(out.toByteArray(), out.size()));

        out.write(VERBATIM_SUBFRAME);
        for (int i = 0; i < blockSize; i++) {
            short sample = tone.sample(first + i);
            out.write(sample >> 8);
            out.write(sample);
        }
        int crc16 = FlacCrc.crc16(out.toByteArray(), out.size());
        out.write(crc16 >> 8);
        out.write(crc16);
        return out.toByteArray();
    }

    /** A frame number in FLAC's UTF-8-like variable-length coding. */
    static void writeCodedNumber(ByteArrayOutputStream out, long value) {
        if (value < 0x80) {
            out.write((int) value);
            return;
        }
        int bytes = 2;
        while (value >= 1L << (5 * bytes + 1)) {
            bytes++;
        }
        int leadMarker = (0xFF << (8 - bytes)) & 0xFF;
        out.write(leadMarker | (int) (value >>> (6 * (bytes - 1))));
        for (int shift = 6 * (bytes - 2); shift >= 0; shift -= 6) {
            out.write(0x80 | (int) ((value >>> shift) & 0x3F));
        }
    }
}
