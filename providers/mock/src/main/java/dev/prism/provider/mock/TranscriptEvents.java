package dev.prism.provider.mock;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * OpenAI's transcription server-sent events ({@code stream=true}): one
 * {@code transcript.text.delta} per word, then {@code transcript.text.done} with the whole text and
 * the usage. The deltas concatenate to the text.
 */
final class TranscriptEvents {
    private TranscriptEvents() {}

    static Stream<byte[]> of(Transcript transcript) {
        List<String> words = transcript.wordTexts();
        List<byte[]> events = new ArrayList<>(words.size() + 1);
        for (int i = 0; i < words.size(); i++) {
            String delta = i < words.size() - 1 ? words.get(i) + " " : words.get(i);
            events.add(ServerSentEvent.data(MockJson.object()
                    .put("type", "transcript.text.delta")
                    .put("delta", delta)));
        }
        events.add(ServerSentEvent.data(TranscriptJson.usage(MockJson.object()
                .put("type", "transcript.text.done")
                .put("text", transcript.text()), transcript)));
        return events.stream();
    }
}
