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
            events.add(ServerSentEvent.data(new JsonWriter().beginObject()
                    .field("type", "transcript.text.delta")
                    .field("delta", delta)
                    .endObject()));
        }
        JsonWriter done = new JsonWriter().beginObject()
                .field("type", "transcript.text.done")
                .field("text", transcript.text());
        events.add(ServerSentEvent.data(TranscriptJson.usage(done, transcript).endObject()));
        return events.stream();
    }
}
