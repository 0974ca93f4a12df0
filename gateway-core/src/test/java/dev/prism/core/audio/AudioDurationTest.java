package dev.prism.core.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prism.core.audio.AudioFixtures.Fixture;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Durations of real files made by ffmpeg and sox, against what ffprobe says of them. */
class AudioDurationTest {
    static List<Fixture> fixtures() {
        return AudioFixtures.ALL;
    }

    private static MeasuredDuration measure(byte[] bytes) throws Exception {
        return AudioDuration.measure(RandomAccessBytes.of(bytes, bytes.length));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyFixtureMeasuresWithinOnePercentOfItsReference(Fixture fixture) throws Exception {
        MeasuredDuration measured = measure(fixture.bytes());

        assertThat(measured.format()).isEqualTo(fixture.format());
        assertThat(measured.estimated()).as("estimated").isFalse();
        assertThat(measured.seconds()).isCloseTo(fixture.referenceSeconds(), within(fixture.referenceSeconds() / 100));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void aFileOnDiskMeasuresLikeTheSameBytesInMemory(Fixture fixture) throws Exception {
        byte[] bytes = fixture.bytes();

        assertThat(AudioDuration.of(fixture.path())).isEqualTo(AudioDuration.of(bytes, bytes.length));
    }

    @Test
    void aVbriTagGivesTheFrameCount() throws Exception {
        byte[] stream = AudioFixtures.bytes("mp3-vbr-noxing-mono-22k-3s.mp3");
        // The Fraunhofer encoder's tag: a silent MPEG-2 layer III frame (64 kbps, 22.05 kHz, mono, 208
        // bytes) whose bytes 36 on say "VBRI", version, delay, quality, stream bytes, frame count.
        ByteBuffer frame = ByteBuffer.allocate(208)
                .put(new byte[] {(byte) 0xFF, (byte) 0xF3, (byte) 0x80, (byte) 0xC0});
        frame.position(36).put("VBRI".getBytes(StandardCharsets.US_ASCII)).putShort((short) 1).putShort((short) 0)
                .putShort((short) 75).putInt(stream.length).putInt(117);
        byte[] file = concat(frame.array(), stream);

        MeasuredDuration measured = measure(file);

        assertThat(measured.estimated()).isFalse();
        assertThat(measured.seconds()).isCloseTo(117 * 576 / 22050.0, within(0.001));
    }

    @Test
    void aFrameCountTagThatFitsTheBytesIsBelievedWithoutWalkingTheFrames() throws Exception {
        CountingBytes source = new CountingBytes(AudioFixtures.bytes("mp3-cbr8-mono-8k-30s.mp3"));

        AudioDuration.measure(source);

        assertThat(source.bytesRead()).isLessThan(source.size() / 2);
    }

    @Test
    void flacBehindAnId3TagIsStillFlac() throws Exception {
        byte[] tag = new byte[10 + 300];
        System.arraycopy("ID3".getBytes(StandardCharsets.US_ASCII), 0, tag, 0, 3);
        tag[3] = 4;
        tag[8] = 300 >> 7;
        tag[9] = 300 & 0x7F;

        MeasuredDuration measured = measure(concat(tag, AudioFixtures.bytes("flac-mono-16k-2s.flac")));

        assertThat(measured.format()).isEqualTo(AudioFormat.FLAC);
        assertThat(measured.seconds()).isEqualTo(2.0);
    }

    @Test
    void flacWhoseEncoderDidNotKnowTheTotalIsMeasuredFromItsLastFrame() throws Exception {
        byte[] flac = AudioFixtures.bytes("flac-mono-16k-2s.flac");
        // STREAMINFO's 36-bit sample count ends at byte 8 + 18 of the file; 0 means unknown.
        flac[8 + 13] &= (byte) 0xF0;
        Arrays.fill(flac, 8 + 14, 8 + 18, (byte) 0);

        MeasuredDuration measured = measure(flac);

        assertThat(measured.estimated()).isFalse();
        assertThat(measured.seconds()).isEqualTo(2.0);
    }

    @Test
    void aWavWrittenToAPipeCountsItsDataToTheEnd() throws Exception {
        byte[] wav = AudioFixtures.bytes("wav-pcm16-mono-8k-2s.wav");
        int data = indexOf(wav, "data");
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(data + 4, 0xFFFF_FFFF);

        MeasuredDuration measured = measure(wav);

        assertThat(measured.estimated()).isFalse();
        assertThat(measured.seconds()).isEqualTo(2.0);
    }

    @Test
    void clustersOfUnknownSizeAreWalkedToTheLastBlock() throws Exception {
        // Chrome's MediaRecorder writes every cluster with an unknown size; ffmpeg never does.
        byte[] webm = unknownClusterSizes(AudioFixtures.bytes("webm-opus-noduration-mono-16k-4s.webm"));

        MeasuredDuration measured = measure(webm);

        assertThat(measured.estimated()).isFalse();
        assertThat(measured.seconds()).isCloseTo(4.0, within(0.04));
    }

    @Test
    void anEmptyFileLastsNothing() throws Exception {
        assertThat(measure(new byte[0])).isEqualTo(new MeasuredDuration(Duration.ZERO, true, AudioFormat.UNKNOWN));
    }

    @Test
    void aFileOfUnknownKindIsEstimatedFromItsSizeAt128Kbps() throws Exception {
        byte[] text = "not audio at all\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII);

        MeasuredDuration measured = measure(text);

        assertThat(measured).isEqualTo(new MeasuredDuration(Duration.ofMillis(Math.round(text.length / 16.0)), true,
                AudioFormat.UNKNOWN));
    }

    @Test
    void anOggStreamOfAnotherCodecIsEstimated() throws Exception {
        byte[] ogg = AudioFixtures.bytes("opus-mono-16k-3s.opus");
        int head = indexOf(ogg, "OpusHead");
        ogg[head] = 'X';

        MeasuredDuration measured = measure(ogg);

        assertThat(measured.format()).isEqualTo(AudioFormat.OGG);
        assertThat(measured.estimated()).isTrue();
    }

    @Test
    void theDurationIsKeptToTheMillisecond() throws Exception {
        MeasuredDuration measured = measure(AudioFixtures.bytes("mp3-cbr48-mono-22k-3s.mp3"));

        assertThat(measured.duration()).isEqualTo(Duration.ofMillis(3056));
    }

    /** Where {@code text} (one byte a character) first occurs in {@code bytes}. */
    static int indexOf(byte[] bytes, String text) {
        byte[] needle = text.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(text + " not found");
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** The same WebM with each cluster's size written as "unknown" (eight bytes, all value bits set). */
    private static byte[] unknownClusterSizes(byte[] webm) {
        byte[] cluster = {0x1F, 0x43, (byte) 0xB6, 0x75};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        int at;
        while ((at = indexOf(webm, cluster, pos)) >= 0) {
            out.write(webm, pos, at + 4 - pos);
            int sizeLength = Integer.numberOfLeadingZeros(webm[at + 4] & 0xFF) - 23;
            out.writeBytes(new byte[] {0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF});
            pos = at + 4 + sizeLength;
        }
        out.write(webm, pos, webm.length - pos);
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
