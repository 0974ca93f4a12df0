package dev.prism.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prism.api.AudioFormat;
import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.api.AudioStream;
import dev.prism.api.SpeechRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jaudiotagger.audio.AudioHeader;
import org.jaudiotagger.audio.mp3.MP3AudioHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MockSpeechTest {
    private static final String TWENTY_CHARACTERS = "Hello from the mock."; // 1.2 s at 60 ms a character

    private final MockProvider provider =
            new MockProviderFactory().create(FakeProviderConfig.named("mock"), FakeProviderContext.create());

    private AudioStream synthesize(SpeechRequest request) {
        return provider.synthesize(request, Requests.call(request.model()));
    }

    private byte[] audio(String input, AudioFormat format) {
        return Requests.bytes(synthesize(Requests.speech(input, format)));
    }

    @Test
    void speechLengthGrowsWithInput() {
        byte[] shortWav = audio("Hello there, mock.", AudioFormat.WAV);
        byte[] longWav = audio("Hello there, mock. ".repeat(10), AudioFormat.WAV);

        assertThat(longWav.length).isGreaterThan(shortWav.length * 5);
        assertThat(dataChunkBytes(longWav)).isEqualTo(longWav.length - WavEncoder.HEADER_BYTES);
    }

    @Test
    void wavIsRiffWave24kHzMono16Bit() {
        ByteBuffer wav = ByteBuffer.wrap(audio(TWENTY_CHARACTERS, AudioFormat.WAV)).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(ascii(wav, 0)).isEqualTo("RIFF");
        assertThat(wav.getInt(4)).isEqualTo(wav.capacity() - 8);
        assertThat(ascii(wav, 8)).isEqualTo("WAVE");
        assertThat(ascii(wav, 12)).isEqualTo("fmt ");
        assertThat(wav.getShort(20)).as("PCM").isEqualTo((short) 1);
        assertThat(wav.getShort(22)).as("channels").isEqualTo((short) 1);
        assertThat(wav.getInt(24)).as("sample rate").isEqualTo(24_000);
        assertThat(wav.getShort(34)).as("bits per sample").isEqualTo((short) 16);
        assertThat(ascii(wav, 36)).isEqualTo("data");
        assertThat(wav.getInt(40)).isEqualTo(57_600); // 1.2 s * 24000 samples * 2 bytes
    }

    @Test
    void wavReadsBackWithItsDurationInJaudiotagger() {
        AudioHeader header = AudioFiles.header(audio(TWENTY_CHARACTERS, AudioFormat.WAV), "wav");

        assertThat(header.getPreciseTrackLength()).isCloseTo(1.2, within(0.001));
        assertThat(header.getSampleRateAsNumber()).isEqualTo(24_000);
    }

    @Test
    void pcmHoldsTwoBytesPerSampleAt24kHz() {
        assertThat(audio(TWENTY_CHARACTERS, AudioFormat.PCM)).hasSize(57_600); // 1.2 s * 24000 * 2
    }

    @Test
    void pcmIsAQuietButAudibleTone() {
        ByteBuffer pcm = ByteBuffer.wrap(audio(TWENTY_CHARACTERS, AudioFormat.PCM)).order(ByteOrder.LITTLE_ENDIAN);
        int peak = 0;
        while (pcm.hasRemaining()) {
            peak = Math.max(peak, Math.abs(pcm.getShort()));
        }

        assertThat(peak).isBetween(3_000, 3_300); // -20 dBFS
    }

    @Test
    void shortInputLastsHalfASecondAndLongInputAMinute() {
        assertThat(audio("Hi", AudioFormat.PCM)).hasSize(24_000); // 0.5 s
        assertThat(audio("x".repeat(4096), AudioFormat.PCM)).hasSize(60 * 24_000 * 2);
    }

    @Test
    void fasterSpeechIsShorter() {
        byte[] normal = Requests.bytes(synthesize(Requests.speech(TWENTY_CHARACTERS, AudioFormat.PCM, 1.0)));
        byte[] doubled = Requests.bytes(synthesize(Requests.speech(TWENTY_CHARACTERS, AudioFormat.PCM, 2.0)));

        assertThat(doubled).hasSize(normal.length / 2);
    }

    @Test
    void mp3ParsesWithJaudiotaggerAtRoughlyTheExpectedDuration() {
        AudioHeader header = AudioFiles.header(audio("x".repeat(100), AudioFormat.MP3), "mp3"); // 6 s

        assertThat(header).isInstanceOfSatisfying(MP3AudioHeader.class, mp3 -> {
            assertThat(mp3.getMpegVersion()).isEqualTo("MPEG-2");
            assertThat(mp3.getMpegLayer()).isEqualTo("Layer 3");
            assertThat(mp3.getNumberOfFrames()).isEqualTo(250); // 6 s of 24 ms frames
        });
        assertThat(header.getSampleRateAsNumber()).isEqualTo(24_000);
        assertThat(header.getPreciseTrackLength()).isCloseTo(6.0, within(0.03));
    }

    @Test
    void flacParsesWithJaudiotaggerAndReportsTheExactDuration() {
        AudioHeader header = AudioFiles.header(audio("x".repeat(100), AudioFormat.FLAC), "flac"); // 6 s

        assertThat(header.getFormat()).containsIgnoringCase("FLAC");
        assertThat(header.getSampleRateAsNumber()).isEqualTo(24_000);
        assertThat(header.getBitsPerSample()).isEqualTo(16);
        assertThat(header.getNoOfSamples()).isEqualTo(6 * 24_000L);
        assertThat(header.getPreciseTrackLength()).isCloseTo(6.0, within(0.001));
    }

    @ParameterizedTest
    @EnumSource(value = AudioFormat.class, names = {"OPUS", "AAC"})
    void formatsTheMockCannotProduceAreAnInvalidResponseFormat(AudioFormat format) {
        assertThatThrownBy(() -> synthesize(Requests.speech("Hello", format)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("response_format");
                    assertThat(e.getMessage()).isEqualTo("The mock provider cannot produce " + format.wireName()
                            + " audio; use mp3, wav, flac or pcm.");
                });
    }

    @ParameterizedTest
    @EnumSource(value = AudioFormat.class, names = {"MP3", "WAV", "FLAC", "PCM"})
    void formatIsTheRequestsAndLengthIsKnown(AudioFormat format) {
        try (AudioStream response = synthesize(Requests.speech("Hello", format))) {
            assertThat(response.format()).isEqualTo(format);
            assertThat(response.contentLength()).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(value = AudioFormat.class, names = {"MP3", "WAV", "FLAC", "PCM"})
    void chunkedSpeechStreamsTheSameBytesWithUnknownLength(AudioFormat format) {
        AudioStream chunked = synthesize(Requests.speechChunked(TWENTY_CHARACTERS.repeat(3), format));

        assertThat(chunked.contentLength()).isEqualTo(-1);
        assertThat(chunked.format()).isEqualTo(format);
        assertThat(Requests.bytes(chunked)).isEqualTo(audio(TWENTY_CHARACTERS.repeat(3), format));
    }

    @Test
    void speechIsDeterministic() {
        assertThat(audio(TWENTY_CHARACTERS, AudioFormat.FLAC)).isEqualTo(audio(TWENTY_CHARACTERS, AudioFormat.FLAC));
        assertThat(audio(TWENTY_CHARACTERS, AudioFormat.MP3)).isEqualTo(audio(TWENTY_CHARACTERS, AudioFormat.MP3));
    }

    @Test
    void mp3FramesAreAllValidSilentLayerIIIFrames() {
        byte[] mp3 = audio(TWENTY_CHARACTERS, AudioFormat.MP3);

        assertThat(mp3.length % Mp3Encoder.FRAME_BYTES).isZero();
        int frames = mp3.length / Mp3Encoder.FRAME_BYTES;
        assertThat(frames * 576).isBetween(28_800, 28_800 + 575); // covers 1.2 s, less than a frame more
        for (int i = 0; i < frames; i++) {
            byte[] frame = Arrays.copyOfRange(mp3, i * Mp3Encoder.FRAME_BYTES, (i + 1) * Mp3Encoder.FRAME_BYTES);
            assertThat(Arrays.copyOf(frame, 4)).containsExactly(0xFF, 0xF3, 0x44, 0xC0);
            assertThat(Arrays.copyOfRange(frame, 4, frame.length)).containsOnly(0);
        }
    }

    private static int dataChunkBytes(byte[] wav) {
        return ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).getInt(40);
    }

    private static String ascii(ByteBuffer buffer, int offset) {
        byte[] bytes = new byte[4];
        buffer.get(offset, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
