package dev.prism.provider.mock;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the mock "heard" in an upload: a fixed text whose words are spread evenly over the upload's
 * real duration, so timestamps in every format are consistent with the file.
 *
 * @param task what was asked, which OpenAI names in {@code verbose_json}
 * @param language the language's full English name ({@code english}), as OpenAI reports it
 * @param seconds the upload's duration
 * @param temperature the sampling temperature the client asked for, 0 when it asked none
 */
record Transcript(Task task, String language, String text, double seconds, double temperature) {
    /** The operation, by its {@code task} name on the wire. */
    enum Task {
        TRANSCRIBE("transcribe"),
        TRANSLATE("translate");

        private final String wireName;

        Task(String wireName) {
            this.wireName = wireName;
        }

        String wireName() {
            return wireName;
        }
    }

    /** One word and when it was "said". */
    record TimedWord(String word, double start, double end) {}

    Transcript {
        Objects.requireNonNull(task, "task is null");
        Objects.requireNonNull(language, "language is null");
        Objects.requireNonNull(text, "text is null");
        if (!(seconds > 0) || !Double.isFinite(seconds)) {
            throw new IllegalArgumentException("seconds must be positive, got " + seconds);
        }
    }

    List<String> wordTexts() {
        return List.of(text.trim().split("\\s+"));
    }

    /** The words, each given an equal share of the duration, the last ending with the audio. */
    List<TimedWord> words() {
        List<String> texts = wordTexts();
        List<TimedWord> words = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            words.add(new TimedWord(texts.get(i), seconds * i / texts.size(), seconds * (i + 1) / texts.size()));
        }
        return List.copyOf(words);
    }

    /** Whole seconds billed, as OpenAI's duration usage counts them: rounded up. */
    long billedSeconds() {
        return (long) Math.ceil(seconds);
    }
}
