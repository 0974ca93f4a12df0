package dev.prism.provider.elevenlabs;

import dev.prism.api.AudioFormat;
import dev.prism.api.GatewayException;

/**
 * The ElevenLabs {@code output_format} for an OpenAI {@code response_format}, at OpenAI's sample
 * rates where ElevenLabs has them. Speech always goes to the {@code /stream} endpoint, which sends
 * no {@code wav_*}: wav is asked as 24 kHz pcm, and Prism writes the WAV header in front.
 *
 * @param wavHeader whether Prism puts a WAV header before the upstream's samples
 */
record OutputFormat(String upstreamName, boolean wavHeader) {
    /** ElevenLabs' pcm: 16-bit little-endian mono, as OpenAI's pcm is. */
    static final int PCM_RATE = 24_000;

    /** @throws GatewayException (400, naming {@code response_format}) for aac and flac, which ElevenLabs does not produce */
    static OutputFormat forRequest(AudioFormat format) {
        return switch (format) {
            case MP3 -> new OutputFormat("mp3_44100_128", false);
            case OPUS -> new OutputFormat("opus_48000_64", false);
            case PCM -> new OutputFormat("pcm_24000", false);
            case WAV -> new OutputFormat("pcm_24000", true);
            case AAC, FLAC -> throw GatewayException.invalid("response_format", "unsupported_value",
                    "The response_format `" + format.wireName() + "` is not available from ElevenLabs; use mp3, opus, wav "
                            + "or pcm.");
        };
    }

    /** A WAV header for 24 kHz 16-bit mono samples of unknown length (the sizes at their maximum, as streamed WAV does). */
    static byte[] streamingWavHeader() {
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(44).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(0xFFFFFFFF)
                .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(PCM_RATE).putInt(PCM_RATE * 2)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(0xFFFFFFFF);
        return header.array();
    }
}
