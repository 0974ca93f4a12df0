package dev.prism.core.audio;

/** The kind of file a duration was read from, as its first bytes say. */
public enum AudioFormat {
    /** RIFF WAVE, PCM or another codec. */
    WAV,
    /** MPEG audio: MP3, or layers I and II. */
    MP3,
    FLAC,
    OGG_VORBIS,
    OGG_OPUS,
    /** An Ogg file whose first stream is neither Vorbis nor Opus: its duration is estimated. */
    OGG,
    /** MP4, M4A, MOV: the ISO base media file format, fragmented or not. */
    MP4,
    /** Matroska and WebM. */
    MATROSKA,
    /** Nothing Prism recognises: the duration is estimated from the size. */
    UNKNOWN
}
