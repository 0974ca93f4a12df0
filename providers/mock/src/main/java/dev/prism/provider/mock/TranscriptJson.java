package dev.prism.provider.mock;

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
        JsonWriter json = new JsonWriter().beginObject().field("text", transcript.text());
        return usage(json, transcript).endObject().toString();
    }

    /**
     * {@code verbose_json}: segments unless only words were asked for, words only when asked for, as
     * OpenAI does.
     */
    static String verbose(Transcript transcript, List<String> granularities) {
        JsonWriter json = new JsonWriter().beginObject()
                .field("task", transcript.task().wireName())
                .field("language", transcript.language())
                .field("duration", transcript.seconds())
                .field("text", transcript.text());
        if (granularities.isEmpty() || granularities.contains("segment")) {
            segments(json, transcript);
        }
        if (granularities.contains("word")) {
            words(json, transcript);
        }
        return usage(json, transcript).endObject().toString();
    }

    /** {@code diarized_json}: the words split between two speakers, A then B. */
    static String diarized(Transcript transcript) {
        List<Transcript.TimedWord> words = transcript.words();
        int firstOfB = (words.size() + 1) / 2;
        JsonWriter json = new JsonWriter().beginObject()
                .field("task", transcript.task().wireName())
                .field("duration", transcript.seconds())
                .field("text", transcript.text())
                .name("segments").beginArray();
        speakerSegment(json, 0, "A", words.subList(0, firstOfB));
        if (firstOfB < words.size()) {
            speakerSegment(json, 1, "B", words.subList(firstOfB, words.size()));
        }
        json.endArray();
        return usage(json, transcript).endObject().toString();
    }

    private static void segments(JsonWriter json, Transcript transcript) {
        json.name("segments").beginArray().beginObject()
                .field("id", 0)
                .field("seek", 0)
                .field("start", 0.0)
                .field("end", transcript.seconds())
                .field("text", transcript.text())
                .name("tokens").beginArray();
        for (String word : transcript.wordTexts()) {
            json.value(Math.floorMod(word.hashCode(), VOCABULARY_SIZE));
        }
        json.endArray()
                .field("temperature", transcript.temperature())
                .field("avg_logprob", AVG_LOGPROB)
                .field("compression_ratio", COMPRESSION_RATIO)
                .field("no_speech_prob", NO_SPEECH_PROB)
                .endObject().endArray();
    }

    private static void words(JsonWriter json, Transcript transcript) {
        json.name("words").beginArray();
        for (Transcript.TimedWord word : transcript.words()) {
            json.beginObject().field("word", word.word()).field("start", word.start()).field("end", word.end())
                    .endObject();
        }
        json.endArray();
    }

    private static void speakerSegment(JsonWriter json, int index, String speaker, List<Transcript.TimedWord> words) {
        String text = String.join(" ", words.stream().map(Transcript.TimedWord::word).toList());
        json.beginObject()
                .field("type", "transcript.text.segment")
                .field("id", "seg_" + index)
                .field("start", words.get(0).start())
                .field("end", words.get(words.size() - 1).end())
                .field("text", text)
                .field("speaker", speaker)
                .endObject();
    }

    static JsonWriter usage(JsonWriter json, Transcript transcript) {
        return json.name("usage").beginObject()
                .field("type", "duration")
                .field("seconds", transcript.billedSeconds())
                .endObject();
    }
}
