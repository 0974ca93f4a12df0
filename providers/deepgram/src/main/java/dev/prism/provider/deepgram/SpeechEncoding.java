package dev.prism.provider.deepgram;

import dev.prism.api.AudioFormat;
import java.util.Map;

/**
 * The Aura query parameters that produce each of OpenAI's speech formats. Always explicit:
 * Deepgram's pages disagree on the REST default (mp3 or linear16 in wav).
 */
enum SpeechEncoding {
    MP3(AudioFormat.MP3, Map.of("encoding", "mp3")),
    OPUS(AudioFormat.OPUS, Map.of("encoding", "opus", "container", "ogg")),
    AAC(AudioFormat.AAC, Map.of("encoding", "aac")),
    // 24000 Hz, OpenAI's rate, is not among Deepgram's flac rates; 48000 is.
    FLAC(AudioFormat.FLAC, Map.of("encoding", "flac", "sample_rate", "48000")),
    WAV(AudioFormat.WAV, Map.of("encoding", "linear16", "container", "wav", "sample_rate", "24000")),
    // Exactly OpenAI's pcm: 16-bit little-endian mono at 24 kHz, no header.
    PCM(AudioFormat.PCM, Map.of("encoding", "linear16", "container", "none", "sample_rate", "24000"));

    private final AudioFormat format;
    private final Map<String, String> query;

    SpeechEncoding(AudioFormat format, Map<String, String> query) {
        this.format = format;
        this.query = query;
    }

    static SpeechEncoding of(AudioFormat format) {
        for (SpeechEncoding encoding : values()) {
            if (encoding.format == format) {
                return encoding;
            }
        }
        throw new IllegalArgumentException("no Deepgram encoding for " + format);
    }

    /** In a fixed order, so the same request always makes the same URL. */
    void addTo(Map<String, String> target) {
        for (String key : new String[] {"encoding", "container", "sample_rate"}) {
            String value = query.get(key);
            if (value != null) {
                target.put(key, value);
            }
        }
    }
}
