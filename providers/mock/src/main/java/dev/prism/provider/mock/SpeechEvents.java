package dev.prism.provider.mock;

import java.util.Base64;
import java.util.stream.Stream;

/**
 * OpenAI's speech server-sent events ({@code stream_format: sse}): one {@code speech.audio.delta}
 * per audio chunk, base64-encoded, then {@code speech.audio.done} with the token usage.
 */
final class SpeechEvents {
    // Mock token counts, in the proportions of OpenAI's: about four characters of text per input
    // token, and 25 audio tokens per second of output.
    private static final int CHARACTERS_PER_INPUT_TOKEN = 4;
    private static final int OUTPUT_TOKENS_PER_SECOND = 25;

    private SpeechEvents() {}

    static Stream<byte[]> of(String input, SpeechTone tone, Stream<byte[]> audio) {
        Stream<byte[]> deltas = audio.map(chunk -> ServerSentEvent.data(new JsonWriter().beginObject()
                .field("type", "speech.audio.delta")
                .field("audio", Base64.getEncoder().encodeToString(chunk))
                .endObject()));
        return Stream.concat(deltas, Stream.of(done(input, tone)));
    }

    private static byte[] done(String input, SpeechTone tone) {
        long inputTokens = Math.max(1, (input.length() + CHARACTERS_PER_INPUT_TOKEN - 1) / CHARACTERS_PER_INPUT_TOKEN);
        long outputTokens = Math.max(1, (long) Math.ceil(tone.seconds() * OUTPUT_TOKENS_PER_SECOND));
        return ServerSentEvent.data(new JsonWriter().beginObject()
                .field("type", "speech.audio.done")
                .name("usage").beginObject()
                .field("input_tokens", inputTokens)
                .field("output_tokens", outputTokens)
                .field("total_tokens", inputTokens + outputTokens)
                .endObject()
                .endObject());
    }
}
