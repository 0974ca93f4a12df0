package dev.prism.provider.mock;

import dev.prism.api.Transcript;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.api.Upload;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Speech to text for the mock. The text says what it is and names the file by size and hash, so
 * the same file always gives the same transcript and different files visibly differ. Its words are
 * spread evenly over the upload's real duration, so timestamps in every format agree with the file;
 * the first half is said by speaker A, the rest by B. The host renders it in the format asked.
 */
final class MockTranscriber {
    private static final int HASH_PREFIX_LENGTH = 8;
    private static final String ENGLISH = "english";

    private final AudioDurationReader durations;

    MockTranscriber(AudioDurationReader durations) {
        this.durations = durations;
    }

    Transcript transcribe(TranscriptionRequest request) {
        return transcript(text("transcript", request.file()), languageName(request.language()),
                durations.secondsOf(request.file()));
    }

    Transcript translate(TranslationRequest request) {
        return transcript(text("translation", request.file()), ENGLISH, durations.secondsOf(request.file()));
    }

    static Transcript transcript(String text, String language, double seconds) {
        List<Transcript.Word> words = words(text, seconds);
        int firstOfB = (words.size() + 1) / 2;
        List<Transcript.SpeakerSegment> speakers = new ArrayList<>(2);
        speakers.add(said("A", words.subList(0, firstOfB)));
        if (firstOfB < words.size()) {
            speakers.add(said("B", words.subList(firstOfB, words.size())));
        }
        // The audio's length to the millisecond, as Prism measures an upload: the mock bills what it heard.
        Usage billed = Usage.NONE.with(UsageUnit.AUDIO_SECONDS,
                BigDecimal.valueOf(seconds).setScale(3, RoundingMode.HALF_UP));
        return new Transcript(text, language, seconds, List.of(new Transcript.Segment(0, 0, seconds, text)), words,
                speakers, billed);
    }

    /** The words, each given an equal share of the duration, the last ending with the audio. */
    private static List<Transcript.Word> words(String text, double seconds) {
        String[] texts = text.trim().split("\\s+");
        List<Transcript.Word> words = new ArrayList<>(texts.length);
        for (int i = 0; i < texts.length; i++) {
            words.add(new Transcript.Word(texts[i], seconds * i / texts.length, seconds * (i + 1) / texts.length));
        }
        return words;
    }

    private static Transcript.SpeakerSegment said(String speaker, List<Transcript.Word> words) {
        String text = String.join(" ", words.stream().map(Transcript.Word::word).toList());
        return new Transcript.SpeakerSegment(speaker, words.getFirst().start(), words.getLast().end(), text);
    }

    private static String text(String what, Upload file) {
        String hash = file.sha256();
        String prefix = hash.substring(0, Math.min(HASH_PREFIX_LENGTH, hash.length()));
        return "Mock " + what + " of " + file.size() + " bytes (sha256 " + prefix + ").";
    }

    /** The full English name of an ISO-639-1 code, as OpenAI reports languages: {@code de} is german. */
    private static String languageName(String code) {
        if (code == null || code.isBlank()) {
            return ENGLISH;
        }
        String name = Locale.of(code.trim()).getDisplayLanguage(Locale.ENGLISH).toLowerCase(Locale.ROOT);
        return name.isEmpty() || name.equalsIgnoreCase(code.trim()) ? ENGLISH : name;
    }
}
