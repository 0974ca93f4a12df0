package dev.prism.core.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The files in {@code src/test/resources/audio}, with their reference durations from its README. */
final class AudioFixtures {
    /** A fixture and what ffprobe (or, where it has none, ffmpeg's decoder) says it lasts. */
    record Fixture(String file, double referenceSeconds, AudioFormat format) {
        byte[] bytes() {
            return AudioFixtures.bytes(file);
        }

        Path path() {
            try {
                return Path.of(Objects.requireNonNull(AudioFixtures.class.getResource("/audio/" + file), file).toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static final List<Fixture> ALL = List.of(
            new Fixture("wav-pcm16-mono-8k-2s.wav", 2.000000, AudioFormat.WAV),
            new Fixture("wav-pcm16-stereo-16k-1.5s.wav", 1.500000, AudioFormat.WAV),
            new Fixture("wav-mulaw-mono-8k-1s.wav", 1.000000, AudioFormat.WAV),
            new Fixture("sox-wav-mono-16k-2.5s.wav", 2.500000, AudioFormat.WAV),
            new Fixture("mp3-cbr48-mono-22k-3s.mp3", 3.056327, AudioFormat.MP3),
            new Fixture("mp3-cbr96-stereo-44k-2s.mp3", 2.037551, AudioFormat.MP3),
            new Fixture("mp3-cbr8-mono-8k-30s.mp3", 30.168000, AudioFormat.MP3),
            new Fixture("mp3-cbr32-noxing-mono-16k-1s.mp3", 1.080000, AudioFormat.MP3),
            new Fixture("mp3-vbr-xing-stereo-44k-4s.mp3", 4.048980, AudioFormat.MP3),
            new Fixture("mp3-vbr-noxing-mono-22k-3s.mp3", 3.056333, AudioFormat.MP3),
            new Fixture("mp3-id3v2-cover-mono-22k-2s.mp3", 2.063673, AudioFormat.MP3),
            new Fixture("flac-mono-16k-2s.flac", 2.000000, AudioFormat.FLAC),
            new Fixture("flac-stereo-44k-1s.flac", 1.000000, AudioFormat.FLAC),
            new Fixture("sox-flac-stereo-22k-2.5s.flac", 2.500000, AudioFormat.FLAC),
            new Fixture("ogg-vorbis-mono-16k-2s.ogg", 2.000000, AudioFormat.OGG_VORBIS),
            new Fixture("ogg-vorbis-stereo-44k-5s.ogg", 5.000000, AudioFormat.OGG_VORBIS),
            new Fixture("sox-vorbis-mono-16k-1.5s.ogg", 1.500000, AudioFormat.OGG_VORBIS),
            new Fixture("opus-mono-16k-3s.opus", 3.006500, AudioFormat.OGG_OPUS),
            new Fixture("opus-stereo-48k-1s.opus", 1.006500, AudioFormat.OGG_OPUS),
            new Fixture("opus-mono-8k-30s.opus", 30.006500, AudioFormat.OGG_OPUS),
            new Fixture("m4a-aac-mono-16k-2s.m4a", 2.000000, AudioFormat.MP4),
            new Fixture("m4a-aac-stereo-44k-5s.m4a", 5.000000, AudioFormat.MP4),
            new Fixture("m4a-aac-fragmented-mono-16k-3s.m4a", 3.064000, AudioFormat.MP4),
            new Fixture("webm-opus-mono-16k-3s.webm", 3.008000, AudioFormat.MATROSKA),
            new Fixture("webm-vorbis-stereo-48k-1s.webm", 1.003000, AudioFormat.MATROSKA),
            new Fixture("webm-opus-noduration-mono-16k-4s.webm", 4.000000, AudioFormat.MATROSKA),
            new Fixture("mka-aac-stereo-22k-2s.mka", 2.046000, AudioFormat.MATROSKA));

    private AudioFixtures() {}

    static Fixture named(String file) {
        return ALL.stream().filter(f -> f.file().equals(file)).findFirst().orElseThrow();
    }

    static byte[] bytes(String file) {
        try (InputStream in = AudioFixtures.class.getResourceAsStream("/audio/" + file)) {
            return Objects.requireNonNull(in, file).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
