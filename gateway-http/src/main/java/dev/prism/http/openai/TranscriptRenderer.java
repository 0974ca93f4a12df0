package dev.prism.http.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.api.Transcript;
import dev.prism.api.TranscriptFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A typed transcript in OpenAI's {@code response_format}s and transcription events. A transcript
 * carries no decoder statistics, so {@code verbose_json} segments get neutral ones (no tokens, a
 * log probability of 0, a compression ratio of 1, a no-speech probability of 0) that clients
 * requiring the fields can parse.
 */
final class TranscriptRenderer {
    private TranscriptRenderer() {}

    /**
     * How the client asked for it.
     *
     * @param task {@code transcribe} or {@code translate}, as {@code verbose_json} names it
     * @param granularities the client's {@code timestamp_granularities[]}; only verbose_json reads them
     * @param temperature the sampling temperature the client asked for, 0 when none
     */
    record Rendering(TranscriptFormat format, String task, List<String> granularities, double temperature) {
        Rendering {
            granularities = List.copyOf(granularities);
        }
    }

    static byte[] render(Transcript transcript, Rendering how) {
        return switch (how.format()) {
            case JSON -> AnswerJson.bytes(withUsage(AnswerJson.object().put("text", transcript.text()), transcript));
            case TEXT -> utf8(transcript.text() + "\n");
            case SRT -> utf8(subtitles(transcript, "", ','));
            case VTT -> utf8(subtitles(transcript, "WEBVTT\n\n", '.'));
            case VERBOSE_JSON -> AnswerJson.bytes(verbose(transcript, how));
            case DIARIZED_JSON -> AnswerJson.bytes(diarized(transcript, how));
        };
    }

    /**
     * OpenAI's transcription events ({@code stream=true}): one {@code transcript.text.delta} per
     * word, then {@code transcript.text.done} with the whole text and the usage. The deltas
     * concatenate to the text.
     */
    static List<byte[]> events(Transcript transcript) {
        String[] words = transcript.text().trim().split("\\s+");
        List<byte[]> events = new ArrayList<>(words.length + 1);
        for (int i = 0; i < words.length; i++) {
            String delta = i < words.length - 1 ? words[i] + " " : words[i];
            events.add(AnswerJson.event(AnswerJson.object().put("type", "transcript.text.delta").put("delta", delta)));
        }
        events.add(AnswerJson.event(withUsage(AnswerJson.object()
                .put("type", "transcript.text.done")
                .put("text", transcript.text()), transcript)));
        return events;
    }

    /** verbose_json: segments unless only words were asked for, words only when asked for, as OpenAI does. */
    private static ObjectNode verbose(Transcript transcript, Rendering how) {
        ObjectNode json = AnswerJson.object().put("task", how.task());
        if (!transcript.language().isEmpty()) {
            json.put("language", transcript.language());
        }
        json.put("duration", AnswerJson.seconds(transcript.duration())).put("text", transcript.text());
        if (how.granularities().isEmpty() || how.granularities().contains("segment")) {
            ArrayNode segments = json.putArray("segments");
            for (Transcript.Segment segment : transcript.segments()) {
                segments.addObject()
                        .put("id", segment.id())
                        .put("seek", Math.round(segment.start() * 100))
                        .put("start", AnswerJson.seconds(segment.start()))
                        .put("end", AnswerJson.seconds(segment.end()))
                        .put("text", segment.text())
                        .<ObjectNode>set("tokens", json.arrayNode())
                        .put("temperature", AnswerJson.seconds(how.temperature()))
                        .put("avg_logprob", 0)
                        .put("compression_ratio", 1)
                        .put("no_speech_prob", 0);
            }
        }
        if (how.granularities().contains("word")) {
            ArrayNode words = json.putArray("words");
            for (Transcript.Word word : transcript.words()) {
                words.addObject()
                        .put("word", word.word())
                        .put("start", AnswerJson.seconds(word.start()))
                        .put("end", AnswerJson.seconds(word.end()));
            }
        }
        return withUsage(json, transcript);
    }

    private static ObjectNode diarized(Transcript transcript, Rendering how) {
        ObjectNode json = AnswerJson.object()
                .put("task", how.task())
                .put("duration", AnswerJson.seconds(transcript.duration()))
                .put("text", transcript.text());
        ArrayNode segments = json.putArray("segments");
        for (int i = 0; i < transcript.speakers().size(); i++) {
            Transcript.SpeakerSegment said = transcript.speakers().get(i);
            segments.addObject()
                    .put("type", "transcript.text.segment")
                    .put("id", "seg_" + i)
                    .put("start", AnswerJson.seconds(said.start()))
                    .put("end", AnswerJson.seconds(said.end()))
                    .put("text", said.text())
                    .put("speaker", said.speaker());
        }
        return withUsage(json, transcript);
    }

    /** One numbered cue per segment; one cue spanning the audio when there are none. */
    private static String subtitles(Transcript transcript, String header, char millisSeparator) {
        List<Transcript.Segment> cues = transcript.segments().isEmpty()
                ? List.of(new Transcript.Segment(0, 0, transcript.duration(), transcript.text()))
                : transcript.segments();
        StringBuilder text = new StringBuilder(header);
        for (int i = 0; i < cues.size(); i++) {
            Transcript.Segment cue = cues.get(i);
            if (header.isEmpty()) {
                text.append(i + 1).append('\n');
            }
            text.append(timestamp(cue.start(), millisSeparator)).append(" --> ")
                    .append(timestamp(cue.end(), millisSeparator)).append('\n')
                    .append(cue.text().trim()).append("\n\n");
        }
        return text.toString();
    }

    /** {@code HH:MM:SS,mmm} for SRT, {@code HH:MM:SS.mmm} for WebVTT. */
    static String timestamp(double seconds, char millisSeparator) {
        long millis = Math.round(seconds * 1000);
        return String.format("%02d:%02d:%02d%c%03d",
                millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60, millisSeparator, millis % 1000);
    }

    private static ObjectNode withUsage(ObjectNode json, Transcript transcript) {
        AnswerJson.transcriptionUsage(transcript.usage()).ifPresent(usage -> json.set("usage", usage));
        return json;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
