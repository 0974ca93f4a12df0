package dev.prism.provider.mock;

import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The mock's "speech": a quiet 440 Hz tone, 24 kHz mono 16-bit, whose length follows the text, so
 * that longer input visibly gives longer audio. Samples are computed on demand, never held whole.
 *
 * @param sampleCount the number of samples, at {@link #SAMPLE_RATE}
 */
record SpeechTone(int sampleCount) {
    static final int SAMPLE_RATE = 24_000;
    static final int BYTES_PER_SAMPLE = 2;
    static final int MILLIS_PER_CHARACTER = 60;
    static final int MIN_MILLIS = 500;
    static final int MAX_MILLIS = 60_000;

    private static final double FREQUENCY_HZ = 440;
    // A tenth of full scale (-20 dBFS): audible in a demo, never loud.
    private static final double AMPLITUDE = 0.1 * Short.MAX_VALUE;
    // 10 ms ramps, so the tone starts and stops without a click.
    private static final int FADE_SAMPLES = SAMPLE_RATE / 100;

    SpeechTone {
        if (sampleCount <= 0) {
            throw new IllegalArgumentException("sampleCount must be positive, got " + sampleCount);
        }
    }

    /**
     * The tone for a text: {@value #MILLIS_PER_CHARACTER} ms per character divided by the speed, at
     * least {@value #MIN_MILLIS} ms and at most {@value #MAX_MILLIS} ms.
     */
    static SpeechTone forText(String text, double speed) {
        double safeSpeed = speed > 0 && Double.isFinite(speed) ? speed : 1;
        long characters = text.codePointCount(0, text.length());
        double millis = characters * MILLIS_PER_CHARACTER / safeSpeed;
        double clamped = Math.min(MAX_MILLIS, Math.max(MIN_MILLIS, millis));
        return new SpeechTone((int) Math.round(clamped * SAMPLE_RATE / 1000));
    }

    double seconds() {
        return (double) sampleCount / SAMPLE_RATE;
    }

    /** One sample; {@link StrictMath} keeps the bytes identical on every JVM. */
    short sample(int index) {
        int fromEdge = Math.min(index, sampleCount - 1 - index);
        double envelope = Math.min(1.0, (double) fromEdge / FADE_SAMPLES);
        double wave = StrictMath.sin(2 * Math.PI * FREQUENCY_HZ * index / SAMPLE_RATE);
        return (short) Math.round(AMPLITUDE * envelope * wave);
    }

    /** Samples {@code from} to {@code from + count} as 16-bit signed little-endian PCM. */
    byte[] pcm(int from, int count) {
        byte[] bytes = new byte[count * BYTES_PER_SAMPLE];
        for (int i = 0; i < count; i++) {
            short sample = sample(from + i);
            bytes[2 * i] = (byte) sample;
            bytes[2 * i + 1] = (byte) (sample >> 8);
        }
        return bytes;
    }

    /** The whole tone as PCM, in chunks of at most {@code samplesPerChunk}, computed as consumed. */
    Stream<byte[]> pcmChunks(int samplesPerChunk) {
        int chunks = (sampleCount + samplesPerChunk - 1) / samplesPerChunk;
        return IntStream.range(0, chunks).mapToObj(chunk -> {
            int from = chunk * samplesPerChunk;
            return pcm(from, Math.min(samplesPerChunk, sampleCount - from));
        });
    }
}
