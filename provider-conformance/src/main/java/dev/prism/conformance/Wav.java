package dev.prism.conformance;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/** A WAV file of silence: a valid upload that any speech-to-text upstream (or its fake) accepts. */
final class Wav {
    private static final int SAMPLE_RATE = 16_000;

    private Wav() {}

    static byte[] silence(Duration length) {
        int samples = (int) (SAMPLE_RATE * length.toMillis() / 1000);
        int dataBytes = samples * 2;
        ByteBuffer wav = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
                .putShort((short) 1).putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
        return wav.array();
    }
}
