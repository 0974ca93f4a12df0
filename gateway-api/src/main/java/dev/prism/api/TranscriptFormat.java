package dev.prism.api;

import java.util.Arrays;
import java.util.Optional;

/** The {@code response_format} of a transcription or translation. */
public enum TranscriptFormat {
    JSON("json", true),
    TEXT("text", false),
    SRT("srt", false),
    VERBOSE_JSON("verbose_json", true),
    VTT("vtt", false),
    DIARIZED_JSON("diarized_json", true);

    private final String wireName;
    private final boolean json;

    TranscriptFormat(String wireName, boolean json) {
        this.wireName = wireName;
        this.json = json;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * The content type of the answer. text, srt and vtt are plain text: the official SDKs parse a
     * body as JSON only when the media type says so.
     */
    public String contentType() {
        return json ? "application/json" : "text/plain; charset=utf-8";
    }

    public static Optional<TranscriptFormat> fromWireName(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(name)).findFirst();
    }
}
