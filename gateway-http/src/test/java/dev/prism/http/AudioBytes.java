package dev.prism.http;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small audio files with real headers, for uploads. */
final class AudioBytes {
    private AudioBytes() {}

    /** A 16 kHz mono 16-bit WAV of {@code samples} samples of a ramp. */
    static byte[] wav(int samples) {
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + samples * 2)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
                .putShort((short) 1).putInt(16000).putInt(32000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) ((i * 37) % 2000 - 1000));
        }
        return b.array();
    }

    /** Bytes starting with an ID3 tag, as MP3 files do. */
    static byte[] mp3(int size) {
        byte[] bytes = new byte[size];
        bytes[0] = 'I';
        bytes[1] = 'D';
        bytes[2] = '3';
        bytes[3] = 4;
        for (int i = 10; i < size; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }
}
