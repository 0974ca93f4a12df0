package dev.prism.core.audio;

import static dev.prism.core.audio.AudioDurationTest.indexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prism.core.audio.AudioFixtures.Fixture;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Truncated files, headers that lie, and bytes that are not audio at all. */
class HostileAudioTest {
    private static final double TEN_HOURS = 36_000;
    private static final double MILLISECOND_ROUNDING = 0.0005;

    static List<Fixture> fixtures() {
        return AudioFixtures.ALL;
    }

    private static MeasuredDuration measure(byte[] bytes) throws Exception {
        return AudioDuration.measure(RandomAccessBytes.of(bytes, bytes.length));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void aFileCutInHalfIsMarkedEstimatedAndLastsNoLongerThanItsBytes(Fixture fixture) throws Exception {
        byte[] bytes = fixture.bytes();

        MeasuredDuration measured = measure(Arrays.copyOf(bytes, bytes.length / 2));

        assertThat(measured.estimated()).as("estimated").isTrue();
        assertThat(measured.seconds()).isLessThanOrEqualTo(0.6 * fixture.referenceSeconds());
    }

    @Test
    void aWavDataSizeOfTenHoursCountsOnlyTheBytesPresent() throws Exception {
        byte[] wav = AudioFixtures.bytes("wav-pcm16-mono-8k-2s.wav");
        littleEndian(wav).putInt(indexOf(wav, "data") + 4, (int) (TEN_HOURS * 16_000));

        MeasuredDuration measured = measure(wav);

        assertThat(measured.estimated()).isTrue();
        assertThat(measured.seconds()).isEqualTo(2.0);
    }

    @Test
    void aXingFrameCountOfTenHoursIsReplacedByTheFramesPresent() throws Exception {
        byte[] mp3 = AudioFixtures.bytes("mp3-vbr-xing-stereo-44k-4s.mp3");
        ByteBuffer.wrap(mp3).putInt(indexOf(mp3, "Xing") + 8, (int) (TEN_HOURS * 44_100 / 1152));

        MeasuredDuration measured = measure(mp3);

        assertThat(measured.estimated()).isTrue();
        assertThat(measured.seconds()).isCloseTo(4.049, within(0.03));
    }

    @Test
    void aXingFrameCountFarBelowTheFramesPresentIsNotBelievedEither() throws Exception {
        byte[] mp3 = AudioFixtures.bytes("mp3-vbr-xing-stereo-44k-4s.mp3");
        ByteBuffer.wrap(mp3).putInt(indexOf(mp3, "Xing") + 8, 1);

        MeasuredDuration measured = measure(mp3);

        assertThat(measured.estimated()).isTrue();
        assertThat(measured.seconds()).isCloseTo(4.049, within(0.03));
    }

    @Test
    void aFlacStreamInfoOfTenHoursGivesWayToTheLastFrame() throws Exception {
        byte[] flac = AudioFixtures.bytes("flac-mono-16k-2s.flac");
        long samples = (long) (TEN_HOURS * 16_000);
        // STREAMINFO's 36-bit sample count: the low nibble of byte 8 + 13, then four bytes.
        flac[8 + 13] = (byte) (flac[8 + 13] & 0xF0 | (samples >>> 32));
        ByteBuffer.wrap(flac).putInt(8 + 14, (int) samples);

        MeasuredDuration measured = measure(flac);

        assertThat(measured.estimated()).isTrue();
        assertThat(measured.seconds()).isEqualTo(2.0);
    }

    @Test
    void anOggGranuleOfTenHoursIsHeldToWhatItsPacketsCanHold() throws Exception {
        byte[] opus = AudioFixtures.bytes("opus-mono-16k-3s.opus");
        int lastPage = lastIndexOf(opus, "OggS");
        littleEndian(opus).putLong(lastPage + 6, (long) (TEN_HOURS * 48_000));

        MeasuredDuration measured = measure(opus);

        // 151 packets of 20 ms; no Opus packet can hold more than 120 ms.
        assertThat(measured.estimated()).isTrue();
        assertThat(measured.seconds()).isLessThanOrEqualTo(151 * 0.120);
    }

    @Test
    void anMp4DurationOfTenHoursIsHeldToWhatItsSamplesCanHold() throws Exception {
        byte[] m4a = AudioFixtures.bytes("m4a-aac-mono-16k-2s.m4a");
        int mvhd = indexOf(m4a, "mvhd");
        ByteBuffer.wrap(m4a).putInt(mvhd + 4 + 16, (int) (TEN_HOURS * 1000));

        MeasuredDuration measured = measure(m4a);

        // 33 AAC frames, each at most 2048 samples at 16 kHz.
        assertThat(measured.estimated()).isTrue();
        assertThat(measured.seconds()).isLessThanOrEqualTo(33 * 2048 / 16_000.0);
    }

    @Test
    void aMatroskaDurationOfTenHoursGivesWayToTheLastBlock() throws Exception {
        byte[] webm = AudioFixtures.bytes("webm-opus-mono-16k-3s.webm");
        // Duration's id (0x4489) and size (8 bytes), then the float.
        int duration = indexOf(webm, "\u0044\u0089\u0088");
        ByteBuffer.wrap(webm).putDouble(duration + 3, TEN_HOURS * 1000);

        MeasuredDuration measured = measure(webm);

        assertThat(measured.estimated()).isTrue();
        assertThat(measured.seconds()).isCloseTo(3.0, within(0.05));
    }

    @Test
    void ratesAndTimeScalesOfZeroAreEstimatedFromTheSize() throws Exception {
        byte[] wav = AudioFixtures.bytes("wav-pcm16-mono-8k-2s.wav");
        littleEndian(wav).putInt(indexOf(wav, "fmt ") + 8 + 4, 0);
        byte[] flac = AudioFixtures.bytes("flac-mono-16k-2s.flac");
        // STREAMINFO's 20-bit sample rate starts at byte 8 + 10.
        flac[8 + 10] = 0;
        flac[8 + 11] = 0;
        flac[8 + 12] &= 0x0F;
        byte[] vorbis = AudioFixtures.bytes("ogg-vorbis-mono-16k-2s.ogg");
        littleEndian(vorbis).putInt(indexOf(vorbis, "\u0001vorbis") + 12, 0);
        byte[] m4a = AudioFixtures.bytes("m4a-aac-mono-16k-2s.m4a");
        ByteBuffer.wrap(m4a).putInt(indexOf(m4a, "mvhd") + 4 + 12, 0).putInt(indexOf(m4a, "mdhd") + 4 + 12, 0);
        byte[] webm = AudioFixtures.bytes("webm-opus-mono-16k-3s.webm");
        // TimestampScale (id 0x2AD7B1, 3 bytes: 1,000,000 ns) set to 0.
        int scale = indexOf(webm, "\u002A\u00D7\u00B1\u0083");
        Arrays.fill(webm, scale + 4, scale + 7, (byte) 0);

        for (byte[] bytes : List.of(wav, flac, vorbis, m4a, webm)) {
            MeasuredDuration measured = measure(bytes);

            assertThat(measured.estimated()).as(measured.format().toString()).isTrue();
            assertThat(measured.seconds()).as(measured.format().toString())
                    .isCloseTo(bytes.length / 16_000.0, within(MILLISECOND_ROUNDING));
        }
    }

    @Test
    void randomBytesAreEstimatedFromTheirSize() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            byte[] bytes = new byte[random.nextInt(20_000)];
            random.nextBytes(bytes);

            MeasuredDuration measured = measure(bytes);

            assertThat(measured.estimated()).as("estimated, random file %d", i).isTrue();
            assertThat(measured.seconds()).as("random file %d", i)
                    .isCloseTo(bytes.length / 16_000.0, within(MILLISECOND_ROUNDING));
        }
    }

    @Test
    void randomBytesBehindEachContainersMagicAreHandled() throws Exception {
        List<byte[]> magics = List.of(ascii("RIFF\0\0\0\0WAVEfmt "), ascii("fLaC\0\0\0\""), ascii("OggS\0\2"),
                new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3}, ascii("\0\0\0\u0020ftypM4A "),
                ascii("ID3\3\0\0\0\0\0\u0010"), new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64});
        Random random = new Random(11);
        for (byte[] magic : magics) {
            for (int i = 0; i < 100; i++) {
                byte[] bytes = new byte[magic.length + random.nextInt(20_000)];
                random.nextBytes(bytes);
                System.arraycopy(magic, 0, bytes, 0, magic.length);

                MeasuredDuration measured = measure(bytes);

                assertThat(measured.seconds()).as("%s + random %d", new String(magic, StandardCharsets.ISO_8859_1), i)
                        .isLessThanOrEqualTo(bytes.length / (double) AudioDuration.MIN_BYTES_PER_SECOND
                                + MILLISECOND_ROUNDING);
            }
        }
    }

    @Test
    void aLargeSpooledFileIsReadOnlyWhereItsHeadersPoint(@TempDir Path dir) throws Exception {
        // 64 MiB of 16 kHz 16-bit mono PCM behind a canonical 44-byte header, in a sparse file.
        long dataBytes = 64L * 1024 * 1024;
        byte[] header = new byte[44];
        littleEndian(header).put(ascii("RIFF")).putInt((int) (36 + dataBytes)).put(ascii("WAVEfmt ")).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(16_000).putInt(32_000).putShort((short) 2)
                .putShort((short) 16).put(ascii("data")).putInt((int) dataBytes);
        Path file = dir.resolve("large.wav");
        Files.write(file, header);
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(44 + dataBytes);
        }

        try (FileChannel channel = FileChannel.open(file)) {
            CountingBytes source = new CountingBytes(RandomAccessBytes.of(channel));
            MeasuredDuration measured = AudioDuration.measure(source);

            assertThat(measured.seconds()).isCloseTo(dataBytes / 32_000.0, within(0.001));
            assertThat(measured.estimated()).isFalse();
            assertThat(source.bytesRead()).isLessThanOrEqualTo(16 * 1024);
        }
    }

    private static ByteBuffer littleEndian(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int lastIndexOf(byte[] bytes, String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
        for (int i = bytes.length - needle.length; i >= 0; i--) {
            if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError(ascii + " not found");
    }
}
