package dev.prism.provider.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
        Stream<byte[]> deltas = audio.map(chunk -> ServerSentEvent.data(MockJson.object()
                .put("type", "speech.audio.delta")
                .put("audio", chunk)));
        return Stream.concat(deltas, Stream.of(done(input, tone)));
    }

    private static byte[] done(String input, SpeechTone tone) {
        long inputTokens = Math.max(1, (input.length() + CHARACTERS_PER_INPUT_TOKEN - 1) / CHARACTERS_PER_INPUT_TOKEN);
        long outputTokens = Math.max(1, (long) Math.ceil(tone.seconds() * OUTPUT_TOKENS_PER_SECOND));
        ObjectNode done = MockJson.object().put("type", "speech.audio.done");
        done.putObject("usage")
                .put("input_tokens", inputTokens)
                .put("output_tokens", outputTokens)
                .put("total_tokens", inputTokens + outputTokens);
        return ServerSentEvent.data(done);
    }
}
