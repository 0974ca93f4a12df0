package dev.prism.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/**
 * Decodes the encoder's output with a reader written from the FLAC format description, with its own
 * bitwise checksums, so the encoder's table-driven ones are checked rather than trusted.
 */
class FlacEncoderTest {
    private final SpeechTone tone = new SpeechTone(3 * FlacEncoder.BLOCK_SIZE + 1234);
    private final byte[] flac = encode(tone);

    @Test
    void streamInfoDeclaresTheExactSampleCountFormatAndAudioMd5() throws Exception {
        ByteBuffer in = ByteBuffer.wrap(flac);
        assertThat(new String(flac, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("fLaC");
        assertThat(in.getInt(4)).as("last block, STREAMINFO, 34 bytes").isEqualTo(0x80000022);
        assertThat(in.getShort(8)).isEqualTo((short) 4096);
        assertThat(in.getShort(10)).isEqualTo((short) 4096);
        long packed = in.getLong(18);
        assertThat(packed >>> 44).as("sample rate").isEqualTo(24_000);
        assertThat((packed >>> 41) & 0x7).as("channels - 1").isZero();
        assertThat((packed >>> 36) & 0x1F).as("bits per sample - 1").isEqualTo(15);
        assertThat(packed & 0xF_FFFF_FFFFL).as("total samples").isEqualTo(tone.sampleCount());
        byte[] md5 = new byte[16];
        in.get(26, md5);
        assertThat(md5).isEqualTo(MessageDigest.getInstance("MD5").digest(tone.pcm(0, tone.sampleCount())));
    }

    @Test
    void framesCarryValidChecksumsAndDecodeToTheTone() {
        int position = 42;
        int frameNumber = 0;
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        while (position < flac.length) {
            int start = position;
            assertThat(unsigned(position) << 8 | unsigned(position + 1)).as("sync").isEqualTo(0xFFF8);
            int blockSizeCode = unsigned(position + 2) >> 4;
            assertThat(unsigned(position + 2) & 0xF).as("24 kHz").isEqualTo(0b0111);
            assertThat(unsigned(position + 3)).as("mono, 16 bit").isEqualTo(0x08);
            position += 4;
            int coded = unsigned(position++);
            int number = coded;
            if (coded >= 0x80) {
                assertThat(coded & 0xE0).as("two-byte frame number").isEqualTo(0xC0);
                number = (coded & 0x1F) << 6 | (unsigned(position++) & 0x3F);
            }
            assertThat(number).isEqualTo(frameNumber);
            int blockSize = blockSizeCode == 0b1100 ? 4096 : -1;
            if (blockSizeCode == 0b0111) {
                blockSize = (unsigned(position) << 8 | unsigned(position + 1)) + 1;
                position += 2;
            }
            assertThat(blockSize).as("block size code %s", blockSizeCode).isPositive();
            assertThat(unsigned(position)).as("header CRC-8").isEqualTo(crc(start, position, 0x07, 8));
            position++;
            assertThat(unsigned(position++)).as("verbatim subframe").isEqualTo(0x02);
            for (int i = 0; i < blockSize; i++) {
                decoded.write(flac[position + 1]); // to little-endian
                decoded.write(flac[position]);
                position += 2;
            }
            int footer = unsigned(position) << 8 | unsigned(position + 1);
            assertThat(footer).as("frame CRC-16").isEqualTo(crc(start, position, 0x8005, 16));
            position += 2;
            frameNumber++;
        }
        assertThat(frameNumber).isEqualTo(4);
        assertThat(decoded.toByteArray()).isEqualTo(tone.pcm(0, tone.sampleCount()));
    }

    @Test
    void frameNumbersUseFlacsVariableLengthCoding() {
        assertThat(coded(0x7F)).containsExactly(0x7F);
        assertThat(coded(0x80)).containsExactly(0xC2, 0x80);
        assertThat(coded(352)).containsExactly(0xC5, 0xA0);
        assertThat(coded(0x800)).containsExactly(0xE0, 0xA0, 0x80);
    }

    private static byte[] coded(long number) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FlacEncoder.writeCodedNumber(out, number);
        return out.toByteArray();
    }

    private int unsigned(int index) {
        return flac[index] & 0xFF;
    }

    /** A CRC computed bit by bit, most significant bit first, from 0. */
    private int crc(int from, int to, int polynomial, int width) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean top = ((crc >> (width - 1)) & 1) != (((flac[i] >> bit) & 1));
                crc = (crc << 1) & ((1 << width) - 1);
                if (top) {
                    crc ^= polynomial;
                }
            }
        }
        return crc;
    }

    private static byte[] encode(SpeechTone tone) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FlacEncoder().encode(tone).forEach(out::writeBytes);
        return out.toByteArray();
    }
}
