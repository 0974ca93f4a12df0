package dev.prism.provider.mock;

import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * An MP3 stream of silent frames as long as the tone: MPEG-2 Layer III, 24 kHz mono, 32 kbps
 * constant bit rate.
 *
 * <p>Encoding the tone for real would take a psychoacoustic encoder; a mock only needs a file every
 * decoder accepts with the right duration. Each frame is a valid header followed by side information
 * and main data of zeros: no Huffman-coded values, so decoders produce 576 samples of silence.
 */
final class Mp3Encoder implements AudioEncoder {
    static final int SAMPLES_PER_FRAME = 576; // MPEG-2 Layer III
    static final int BITRATE = 32_000;
    // Layer III frame length for MPEG-2: 72 * bitrate / sample rate (no padding is ever needed here).
    static final int FRAME_BYTES = 72 * BITRATE / SpeechTone.SAMPLE_RATE;

    private static final int FRAMES_PER_CHUNK = 50; // 1.2 s of audio per chunk
    private static final byte[] SILENT_FRAME = silentFrame();

    @Override
    public Stream<byte[]> encode(SpeechTone tone) {
        int frames = frameCount(tone);
        int chunks = (frames + FRAMES_PER_CHUNK - 1) / FRAMES_PER_CHUNK;
        return IntStream.range(0, chunks).mapToObj(chunk -> {
            int framesInChunk = Math.min(FRAMES_PER_CHUNK, frames - chunk * FRAMES_PER_CHUNK);
            byte[] bytes = new byte[framesInChunk * FRAME_BYTES];
            for (int i = 0; i < framesInChunk; i++) {
                System.arraycopy(SILENT_FRAME, 0, bytes, i * FRAME_BYTES, FRAME_BYTES);
            }
            return bytes;
        });
    }

    /** Enough whole frames to cover the tone. */
    static int frameCount(SpeechTone tone) {
        return (tone.sampleCount() + SAMPLES_PER_FRAME - 1) / SAMPLES_PER_FRAME;
    }

    private static byte[] silentFrame() {
        byte[] frame = new byte[FRAME_BYTES];
        frame[0] = (byte) 0xFF; // sync
        frame[1] = (byte) 0xF3; // sync, MPEG-2, Layer III, no CRC
        frame[2] = (byte) 0x44; // bitrate index 4 (32 kbps), sample rate index 1 (24 kHz), no padding
        frame[3] = (byte) 0xC0; // mono, no copyright, copy, no emphasis
        return frame;
    }
}
