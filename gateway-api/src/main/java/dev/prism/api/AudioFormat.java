package dev.prism.api;

import java.util.Arrays;
import java.util.Optional;

/** A speech output format, with the content type Prism answers it with whatever the upstream said. */
public enum AudioFormat {
    MP3("mp3", "audio/mpeg"),
    OPUS("opus", "audio/opus"),
    AAC("aac", "audio/aac"),
    FLAC("flac", "audio/flac"),
    WAV("wav", "audio/wav"),
    /** Raw 24 kHz mono 16-bit signed little-endian samples. */
    PCM("pcm", "audio/pcm");

    private final String wireName;
    private final String contentType;

    AudioFormat(String wireName, String contentType) {
        this.wireName = wireName;
        this.contentType = contentType;
    }

    public String wireName() {
        return wireName;
    }

    public String contentType() {
        return contentType;
    }

    public static Optional<AudioFormat> fromWireName(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(name)).findFirst();
    }
}
