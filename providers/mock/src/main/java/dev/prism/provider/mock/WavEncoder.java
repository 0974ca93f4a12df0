package dev.prism.provider.mock;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

/** A RIFF/WAVE file: the canonical 44-byte header, then the tone as 16-bit PCM. */
final class WavEncoder implements AudioEncoder {
    static final int HEADER_BYTES = 44;

    @Override
    public Stream<byte[]> encode(SpeechTone tone) {
        return Stream.concat(Stream.of(header(tone.sampleCount())), tone.pcmChunks(SAMPLES_PER_CHUNK));
    }

    private static byte[] header(int sampleCount) {
        int dataBytes = sampleCount * SpeechTone.BYTES_PER_SAMPLE;
        int channels = 1;
        int blockAlign = channels * SpeechTone.BYTES_PER_SAMPLE;
        return ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(HEADER_BYTES - 8 + dataBytes)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) 1) // PCM
                .putShort((short) channels)
                .putInt(SpeechTone.SAMPLE_RATE)
                .putInt(SpeechTone.SAMPLE_RATE * blockAlign)
                .putShort((short) blockAlign)
                .putShort((short) (8 * SpeechTone.BYTES_PER_SAMPLE))
                .put("data".getBytes(StandardCharsets.US_ASCII))
                .putInt(dataBytes)
                .array();
    }
}
