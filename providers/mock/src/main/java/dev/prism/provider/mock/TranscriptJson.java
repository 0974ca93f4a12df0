package dev.prism.provider.mock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The JSON {@code response_format}s of a transcript: json, verbose_json and diarized_json. */
final class TranscriptJson {
    // Plausible decoder statistics for a confident, clean transcription.
    private static final double AVG_LOGPROB = -0.2;
    private static final double COMPRESSION_RATIO = 1.0;
    private static final double NO_SPEECH_PROB = 0.01;
    private static final int VOCABULARY_SIZE = 50_000;

    private TranscriptJson() {}

    /** {@code json}: the text and the billed duration. */
    static String simple(Transcript transcript) {
        return MockJson.text(usage(MockJson.object().put("text", transcript.text()), transcript));
    }

    /**
     * {@code verbose_json}: segments unless only words were asked for, words only when asked for, as
     * OpenAI does.
     */
    static String verbose(Transcript transcript, List<String> granularities) {
        ObjectNode json = MockJson.object()
                .put("task", transcript.task().wireName())
                .put("language", transcript.language())
                .put("duration", MockJson.decimal(transcript.seconds()))
                .put("text", transcript.text());
        if (granularities.isEmpty() || granularities.contains("segment")) {
            segments(json.putArray("segments"), transcript);
        }
        if (granularities.contains("word")) {
            words(json.putArray("words"), transcript);
        }
        return MockJson.text(usage(json, transcript));
    }

    /** {@code diarized_json}: the words split between two speakers, A then B. */
    static String diarized(Transcript transcript) {
        List<Transcript.TimedWord> words = transcript.words();
        int firstOfB = (words.size() + 1) / 2;
        ObjectNode json = MockJson.object()
                .put("task", transcript.task().wireName())
                .put("duration", MockJson.decimal(transcript.seconds()))
                .put("text", transcript.text());
        ArrayNode segments = json.putArray("segments");
        speakerSegment(segments, 0, "A", words.subList(0, firstOfB));
        if (firstOfB < words.size()) {
            speakerSegment(segments, 1, "B", words.subList(firstOfB, words.size()));
        }
        return MockJson.text(usage(json, transcript));
    }

    private static void segments(ArrayNode segments, Transcript transcript) {
        ObjectNode segment = segments.addObject()
                .put("id", 0)
                .put("seek", 0)
                .put("start", MockJson.decimal(0.0))
                .put("end", MockJson.decimal(transcript.seconds()))
                .put("text", transcript.text());
        ArrayNode tokens = segment.putArray("tokens");
        for (String word : transcript.wordTexts()) {
            tokens.add(Math.floorMod(word.hashCode(), VOCABULARY_SIZE));
        }
        segment.put("temperature", MockJson.decimal(transcript.temperature()))
                .put("avg_logprob", MockJson.decimal(AVG_LOGPROB))
                .put("compression_ratio", MockJson.decimal(COMPRESSION_RATIO))
                .put("no_speech_prob", MockJson.decimal(NO_SPEECH_PROB));
    }

    private static void words(ArrayNode words, Transcript transcript) {
        for (Transcript.TimedWord word : transcript.words()) {
            words.addObject()
                    .put("word", word.word())
                    .put("start", MockJson.decimal(word.start()))
                    .put("end", MockJson.decimal(word.end()));
        }
    }

    private static void speakerSegment(ArrayNode segments, int index, String speaker, List<Transcript.TimedWord> words) {
        String text = String.join(" ", words.stream().map(Transcript.TimedWord::word).toList());
        segments.addObject()
                .put("type", "transcript.text.segment")
                .put("id", "seg_" + index)
                .put("start", MockJson.decimal(words.get(0).start()))
                .put("end", MockJson.decimal(words.get(words.size() - 1).end()))
                .put("text", text)
                .put("speaker", speaker);
    }

    /** Adds OpenAI's duration usage: the whole seconds billed. */
    static ObjectNode usage(ObjectNode json, Transcript transcript) {
        json.putObject("usage")
                .put("type", "duration")
                .put("seconds", transcript.billedSeconds());
        return json;
    }
}
