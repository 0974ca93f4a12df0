package dev.prism.provider.mock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jaudiotagger.audio.AudioFileIO;
import org.jaudiotagger.audio.AudioHeader;

/** Reads audio bytes the way a third party would: through jaudiotagger, from a file. */
final class AudioFiles {
    private AudioFiles() {}

    static AudioHeader header(byte[] bytes, String extension) {
        try {
            Path file = Files.createTempFile("mock-provider-test-", "." + extension);
            try {
                Files.write(file, bytes);
                return AudioFileIO.read(file.toFile()).getAudioHeader();
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError("jaudiotagger cannot read the " + extension + " file", e);
        }
    }
}
