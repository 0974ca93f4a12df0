package dev.prism.provider.mock;

import dev.prism.api.TranscriptFormat;
import java.util.List;

/**
 * A transcript in one of OpenAI's {@code response_format}s: plain text and subtitles here, the
 * JSON shapes in {@link TranscriptJson}.
 */
final class TranscriptWriter {
    private TranscriptWriter() {}

    /**
     * @param granularities the client's {@code timestamp_granularities[]}; only verbose_json reads
     *     them
     */
    static String write(Transcript transcript, TranscriptFormat format, List<String> granularities) {
        return switch (format) {
            case JSON -> TranscriptJson.simple(transcript);
            case TEXT -> transcript.text() + "\n";
            case SRT -> srt(transcript);
            case VTT -> vtt(transcript);
            case VERBOSE_JSON -> TranscriptJson.verbose(transcript, granularities);
            case DIARIZED_JSON -> TranscriptJson.diarized(transcript);
        };
    }

    // One cue for the one sentence the mock hears, spanning the whole audio.
    private static String srt(Transcript transcript) {
        return "1\n" + timestamp(0, ',') + " --> " + timestamp(transcript.seconds(), ',') + "\n"
                + transcript.text() + "\n\n";
    }

    private static String vtt(Transcript transcript) {
        return "WEBVTT\n\n" + timestamp(0, '.') + " --> " + timestamp(transcript.seconds(), '.') + "\n"
                + transcript.text() + "\n\n";
    }

    /** {@code HH:MM:SS,mmm} for SRT, {@code HH:MM:SS.mmm} for WebVTT. */
    static String timestamp(double seconds, char millisSeparator) {
        long millis = Math.round(seconds * 1000);
        return String.format("%02d:%02d:%02d%c%03d",
                millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60, millisSeparator, millis % 1000);
    }
}
