package dev.prism.provider.mock;

import dev.prism.api.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaudiotagger.audio.AudioFileIO;

/**
 * The duration of an uploaded audio file, read from its headers with jaudiotagger (wav, mp3, flac,
 * ogg, m4a and more); when the file cannot be read, an estimate from its size. Never fails: a mock
 * transcript of an odd file is still a transcript.
 */
final class AudioDurationReader {
    // The estimate assumes 128 kbps, a common bit rate of compressed speech uploads.
    static final double ESTIMATED_BYTES_PER_SECOND = 16_000;
    private static final double MIN_SECONDS = 0.1;

    // jaudiotagger picks its reader by file extension.
    private static final Set<String> READABLE_EXTENSIONS =
            Set.of("wav", "mp3", "flac", "ogg", "oga", "m4a", "mp4", "aif", "aiff", "wma", "dsf", "opus");
    private static final Map<String, String> SAME_FORMAT_EXTENSIONS = Map.of("mpga", "mp3", "mpeg", "mp3");
    private static final Map<String, String> EXTENSIONS_BY_CONTENT_TYPE = Map.of(
            "audio/wav", "wav", "audio/x-wav", "wav", "audio/wave", "wav", "audio/mpeg", "mp3", "audio/mp3", "mp3",
            "audio/flac", "flac", "audio/x-flac", "flac", "audio/ogg", "ogg", "audio/mp4", "m4a");

    // jaudiotagger logs every chunk it reads at INFO, four lines per upload. Held strongly, because
    // java.util.logging forgets the level of a logger nobody references.
    private static final Logger JAUDIOTAGGER_LOG = Logger.getLogger("org.jaudiotagger");

    AudioDurationReader() {
        // Only when the operator's logging configuration says nothing about jaudiotagger.
        if (JAUDIOTAGGER_LOG.getLevel() == null) {
            JAUDIOTAGGER_LOG.setLevel(Level.WARNING);
        }
    }

    /** The duration in seconds, always positive. */
    double secondsOf(Upload upload) {
        String extension = extensionOf(upload);
        if (extension != null) {
            try {
                double seconds = readWithJaudiotagger(upload, extension);
                if (seconds > 0 && Double.isFinite(seconds)) {
                    return seconds;
                }
            } catch (Exception | LinkageError e) {
                // Not a file jaudiotagger understands, a broken one, or no jaudiotagger on the class path:
                // estimate instead.
            }
        }
        return estimate(upload.size());
    }

    static double estimate(long bytes) {
        return Math.max(MIN_SECONDS, bytes / ESTIMATED_BYTES_PER_SECOND);
    }

    /**
     * Reads the upload's own file (the host's spooled copy) by the format's extension, whatever the
     * file is called; an upload that offers no file is copied to a temporary one first.
     */
    private static double readWithJaudiotagger(Upload upload, String extension) throws Exception {
        Optional<Path> file = upload.file();
        if (file.isPresent()) {
            return AudioFileIO.readAs(file.get().toFile(), extension).getAudioHeader().getPreciseTrackLength();
        }
        Path copy = Files.createTempFile("prism-mock-upload-", "." + extension);
        try {
            try (InputStream in = upload.open()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return AudioFileIO.read(copy.toFile()).getAudioHeader().getPreciseTrackLength();
        } finally {
            deleteQuietly(copy);
        }
    }

    private static String extensionOf(Upload upload) {
        String name = upload.filename() == null ? "" : upload.filename().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1);
        extension = SAME_FORMAT_EXTENSIONS.getOrDefault(extension, extension);
        if (READABLE_EXTENSIONS.contains(extension)) {
            return extension;
        }
        String contentType = upload.contentType() == null ? "" : upload.contentType().toLowerCase(Locale.ROOT);
        int parameters = contentType.indexOf(';');
        return EXTENSIONS_BY_CONTENT_TYPE.get((parameters < 0 ? contentType : contentType.substring(0, parameters)).trim());
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A leftover in the temp directory is harmless; the answer matters more.
            path.toFile().deleteOnExit();
        }
    }
}
