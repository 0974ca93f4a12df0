package dev.prism.provider.deepgram;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.api.Transcript;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads Deepgram's pre-recorded answer into the SPI's {@link Transcript}, which the host renders. */
final class DeepgramTranscripts {
    private DeepgramTranscripts() {}

    /**
     * @param requestedLanguage the language the client named (a code such as {@code en}), or null
     */
    static Transcript read(JsonNode answer, String requestedLanguage) {
        JsonNode channel = answer.path("results").path("channels").path(0);
        JsonNode alternative = channel.path("alternatives").path(0);
        double duration = Math.max(0, answer.path("metadata").path("duration").asDouble(0));
        List<Transcript.Word> words = new ArrayList<>();
        for (JsonNode word : alternative.path("words")) {
            String text = word.hasNonNull("punctuated_word") ? word.get("punctuated_word").asText() : word.path("word").asText();
            words.add(new Transcript.Word(text, time(word, "start"), Math.max(time(word, "start"), time(word, "end"))));
        }
        List<Transcript.Segment> segments = new ArrayList<>();
        for (JsonNode utterance : answer.path("results").path("utterances")) {
            double start = time(utterance, "start");
            double end = Math.max(start, time(utterance, "end"));
            String text = utterance.path("transcript").asText("");
            segments.add(new Transcript.Segment(segments.size(), start, end, text));
        }
        String code = channel.hasNonNull("detected_language") ? channel.get("detected_language").asText() : requestedLanguage;
        Usage usage = Usage.NONE.with(UsageUnit.AUDIO_SECONDS, BigDecimal.valueOf(duration));
        return new Transcript(alternative.path("transcript").asText(""), languageName(code), duration, segments, words,
                List.of(), usage);
    }

    private static double time(JsonNode node, String field) {
        double value = node.path(field).asDouble(0);
        return Double.isFinite(value) && value > 0 ? value : 0;
    }

    /** OpenAI reports the English name ({@code english}); Deepgram a BCP-47 code ({@code en}, {@code pt-BR}). */
    static String languageName(String code) {
        if (code == null || code.isBlank()) {
            return "";
        }
        String name = Locale.forLanguageTag(code).getDisplayLanguage(Locale.ENGLISH);
        return name.isEmpty() ? "" : name.toLowerCase(Locale.ROOT);
    }
}
