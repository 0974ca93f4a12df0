package dev.prism.provider.mock;

import dev.prism.api.AudioFormat;
import dev.prism.api.GatewayException;
import java.util.stream.Stream;

/** Turns the mock's tone into a file of one audio format. */
interface AudioEncoder {
    /** The PCM chunk size: 200 ms, small enough to stream, large enough to be cheap. */
    int SAMPLES_PER_CHUNK = SpeechTone.SAMPLE_RATE / 5;

    /**
     * The encoded file as consecutive byte chunks, computed lazily as the stream is consumed, so a
     * streaming answer starts before the whole file exists.
     */
    Stream<byte[]> encode(SpeechTone tone);

    /**
     * The encoder for a format.
     *
     * @throws GatewayException {@code INVALID_REQUEST} on {@code response_format} for opus and aac,
     *     which the mock cannot produce
     */
    static AudioEncoder forFormat(AudioFormat format) {
        return switch (format) {
            case WAV -> new WavEncoder();
            case PCM -> tone -> tone.pcmChunks(SAMPLES_PER_CHUNK);
            case MP3 -> new Mp3Encoder();
            case FLAC -> new FlacEncoder();
            case OPUS, AAC -> throw GatewayException.invalid("response_format", "The mock provider cannot produce "
                    + format.wireName() + " audio; use mp3, wav, flac or pcm.");
        };
    }
}
