package dev.prism.api;

import java.util.List;
import java.util.Objects;

/**
 * A transcription or translation as data, which the host renders as the client's
 * {@code response_format} ({@code json}, {@code text}, {@code srt}, {@code vtt},
 * {@code verbose_json}, {@code diarized_json}) or as server-sent events. Times are in seconds from
 * the start of the audio. Immutable.
 *
 * @param text the whole text
 * @param language the spoken language's English name ({@code english}, {@code german}), as OpenAI
 *     reports it in {@code verbose_json}; empty when unknown
 * @param duration the audio's length in seconds
 * @param segments timed stretches of the text, in order; may be empty (subtitles then have one cue
 *     spanning the audio)
 * @param words timed words, in order; may be empty (an upstream that does not time words)
 * @param speakers the text split by speaker, for {@code diarized_json}; may be empty
 * @param usage what the upstream said the call used (seconds of audio, or tokens), or
 *     {@link Usage#NONE}; the host reports it into the call's record and renders it as OpenAI's
 *     {@code usage} object
 */
public record Transcript(
        String text,
        String language,
        double duration,
        List<Segment> segments,
        List<Word> words,
        List<SpeakerSegment> speakers,
        Usage usage) implements ProviderAnswer {
    public Transcript {
        Objects.requireNonNull(text, "text is null");
        Objects.requireNonNull(language, "language is null");
        requireTime(duration, "duration");
        segments = List.copyOf(segments);
        words = List.copyOf(words);
        speakers = List.copyOf(speakers);
        Objects.requireNonNull(usage, "usage is null");
    }

    /** A transcript of just the text, its language and the audio's length. */
    public static Transcript of(String text, String language, double duration) {
        return new Transcript(text, language, duration, List.of(), List.of(), List.of(), Usage.NONE);
    }

    /** One timed stretch of the text; {@code id} counts from 0. */
    public record Segment(int id, double start, double end, String text) {
        public Segment {
            requireSpan(start, end);
            Objects.requireNonNull(text, "text is null");
        }
    }

    /** One timed word. */
    public record Word(String word, double start, double end) {
        public Word {
            Objects.requireNonNull(word, "word is null");
            requireSpan(start, end);
        }
    }

    /** A stretch said by one speaker, named as the upstream names them ({@code A}, {@code agent}). */
    public record SpeakerSegment(String speaker, double start, double end, String text) {
        public SpeakerSegment {
            Objects.requireNonNull(speaker, "speaker is null");
            requireSpan(start, end);
            Objects.requireNonNull(text, "text is null");
        }
    }

    private static void requireSpan(double start, double end) {
        requireTime(start, "start");
        requireTime(end, "end");
        if (end < start) {
            throw new IllegalArgumentException("end " + end + " is before start " + start);
        }
    }

    private static void requireTime(double seconds, String name) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            throw new IllegalArgumentException(name + " must be a finite number of seconds >= 0, got " + seconds);
        }
    }
}
