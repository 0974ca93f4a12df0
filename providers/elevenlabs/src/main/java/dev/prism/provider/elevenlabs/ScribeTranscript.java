package dev.prism.provider.elevenlabs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.api.Transcript;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scribe's answer as a {@link Transcript}. Scribe times words, not segments: a segment ends after a
 * word that ends a sentence, before a pause of {@value #PAUSE_SECONDS} s or more, or once it spans
 * {@value #MAX_SEGMENT_SECONDS} s, so subtitles get cues of readable length. {@code spacing}
 * entries join the words of a segment; {@code audio_event} entries ({@code (laughter)}) are left
 * out of segments and words but stay in the text, as Scribe wrote it.
 */
final class ScribeTranscript {
    static final double PAUSE_SECONDS = 1.0;
    static final double MAX_SEGMENT_SECONDS = 10.0;
    /** ISO 639-3 (and 639-2/T) codes to the English names OpenAI reports, from the JDK's locale data. */
    private static final Map<String, String> LANGUAGE_NAMES = languageNames();

    private ScribeTranscript() {}

    static Transcript of(JsonNode answer) {
        if (answer.has("transcripts") && !answer.has("words")) {
            JsonNode first = answer.path("transcripts").path(0);
            return of(first, answer.path("audio_duration_secs"));
        }
        return of(answer, answer.path("audio_duration_secs"));
    }

    private static Transcript of(JsonNode answer, JsonNode reportedDuration) {
        List<Transcript.Word> words = new ArrayList<>();
        List<Transcript.Segment> segments = new ArrayList<>();
        List<Transcript.SpeakerSegment> speakers = new ArrayList<>();
        StringBuilder segmentText = new StringBuilder();
        double segmentStart = -1;
        double lastEnd = 0;
        String speaker = null;
        StringBuilder speakerText = new StringBuilder();
        double speakerStart = 0;
        for (JsonNode entry : answer.path("words")) {
            String type = entry.path("type").asText("word");
            String text = entry.path("text").asText("");
            double start = Math.max(0, entry.path("start").asDouble(lastEnd));
            double end = Math.max(start, entry.path("end").asDouble(start));
            if (type.equals("spacing")) {
                if (segmentStart >= 0 && start - lastEnd < PAUSE_SECONDS && end - start < PAUSE_SECONDS) {
                    segmentText.append(text);
                } else if (segmentStart >= 0) {
                    segmentStart = close(segments, segmentText, segmentStart, lastEnd);
                }
                continue;
            }
            if (!type.equals("word")) {
                continue;
            }
            if (segmentStart >= 0 && (start - lastEnd >= PAUSE_SECONDS || end - segmentStart > MAX_SEGMENT_SECONDS)) {
                segmentStart = close(segments, segmentText, segmentStart, lastEnd);
            }
            if (segmentStart < 0) {
                segmentStart = start;
                segmentText.setLength(0);
            }
            segmentText.append(text);
            words.add(new Transcript.Word(text.strip(), start, end));
            String wordSpeaker = entry.path("speaker_id").asText(null);
            if (wordSpeaker != null) {
                if (!wordSpeaker.equals(speaker)) {
                    closeSpeaker(speakers, speaker, speakerStart, lastEnd, speakerText);
                    speaker = wordSpeaker;
                    speakerStart = start;
                }
                speakerText.append(speakerText.isEmpty() ? "" : " ").append(text.strip());
            }
            lastEnd = end;
            if (text.strip().matches(".*[.?!…。？！]")) {
                segmentStart = close(segments, segmentText, segmentStart, lastEnd);
            }
        }
        if (segmentStart >= 0) {
            close(segments, segmentText, segmentStart, lastEnd);
        }
        closeSpeaker(speakers, speaker, speakerStart, lastEnd, speakerText);
        Usage usage = Usage.NONE;
        double duration = lastEnd;
        if (reportedDuration.isNumber() && reportedDuration.asDouble() >= 0) {
            duration = reportedDuration.asDouble();
            usage = Usage.NONE.with(UsageUnit.AUDIO_SECONDS,
                    BigDecimal.valueOf(duration).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros());
        }
        String text = answer.path("text").asText(String.join(" ", words.stream().map(Transcript.Word::word).toList()));
        return new Transcript(text.strip(), languageName(answer.path("language_code").asText("")), duration, segments,
                words, speakers, usage);
    }

    /** Adds the segment and returns -1, the start of no segment. */
    private static double close(List<Transcript.Segment> segments, StringBuilder text, double start, double end) {
        String stripped = text.toString().strip();
        if (!stripped.isEmpty()) {
            segments.add(new Transcript.Segment(segments.size(), start, Math.max(start, end), stripped));
        }
        text.setLength(0);
        return -1;
    }

    private static void closeSpeaker(List<Transcript.SpeakerSegment> speakers, String speaker, double start, double end,
            StringBuilder text) {
        if (speaker != null && !text.isEmpty()) {
            speakers.add(new Transcript.SpeakerSegment(speaker, start, Math.max(start, end), text.toString()));
        }
        text.setLength(0);
    }

    /** {@code eng} or {@code en} as {@code english}; a code the JDK does not know stays as it came. */
    static String languageName(String code) {
        String lower = code.toLowerCase(Locale.ROOT);
        return LANGUAGE_NAMES.getOrDefault(lower, lower);
    }

    private static Map<String, String> languageNames() {
        Map<String, String> names = new HashMap<>();
        for (String two : Locale.getISOLanguages()) {
            Locale locale = Locale.of(two);
            String name = locale.getDisplayLanguage(Locale.ENGLISH).toLowerCase(Locale.ROOT);
            names.put(two, name);
            try {
                names.put(locale.getISO3Language(), name);
            } catch (java.util.MissingResourceException e) {
                // No three-letter code for this language.
            }
        }
        // 639-2/B codes Scribe may use where 639-3 has the T form.
        names.putIfAbsent("ger", names.get("deu"));
        names.putIfAbsent("fre", names.get("fra"));
        names.putIfAbsent("chi", names.get("zho"));
        names.putIfAbsent("cmn", names.get("zho"));
        return Map.copyOf(names);
    }
}
