package dev.prism.provider.mock;

import dev.prism.api.AudioStream;
import dev.prism.api.SpeechRequest;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.stream.Stream;

/**
 * Text to speech for the mock: the tone in the requested format, whole or, for a streaming request,
 * chunk by chunk as it is encoded. The host sends it raw or as server-sent events.
 */
final class MockSpeech {
    // Mock token counts, in the proportions of OpenAI's: about four characters of text per input
    // token, and 25 audio tokens per second of output.
    private static final int CHARACTERS_PER_INPUT_TOKEN = 4;
    private static final int OUTPUT_TOKENS_PER_SECOND = 25;

    AudioStream synthesize(SpeechRequest request) {
        AudioEncoder encoder = AudioEncoder.forFormat(request.responseFormat());
        SpeechTone tone = SpeechTone.forText(request.input(), request.speed());
        Stream<byte[]> audio = encoder.encode(tone);
        Usage usage = usage(request.input(), tone);
        if (request.streaming()) {
            return AudioStream.of(request.responseFormat(), new ChunkInputStream(audio), usage);
        }
        byte[] whole = concatenate(audio);
        return new AudioStream(request.responseFormat(), whole.length, new ByteArrayInputStream(whole), () -> usage);
    }

    private static Usage usage(String input, SpeechTone tone) {
        long inputTokens = Math.max(1, (input.length() + CHARACTERS_PER_INPUT_TOKEN - 1) / CHARACTERS_PER_INPUT_TOKEN);
        long outputTokens = Math.max(1, (long) Math.ceil(tone.seconds() * OUTPUT_TOKENS_PER_SECOND));
        return Usage.of(UsageUnit.INPUT_TOKENS, inputTokens).with(UsageUnit.OUTPUT_TOKENS, outputTokens);
    }

    private static byte[] concatenate(Stream<byte[]> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
