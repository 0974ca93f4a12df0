package dev.prism.core.upload;

import dev.prism.api.Upload;
import java.io.ByteArrayInputStream;
import dev.prism.core.audio.AudioDuration;
import dev.prism.core.audio.MeasuredDuration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * An upload received whole: small ones in memory, larger ones in a file of the spool directory
 * that {@link #close()} deletes. Readable any number of times.
 */
public final class SpooledUpload implements Upload, AutoCloseable {
    private final String filename;
    private final String contentType;
    private final long size;
    private final String sha256;
    private final byte[] memory;
    private final SpoolFiles spool;
    private Path file;
    private boolean closed;

    SpooledUpload(String filename, String contentType, long size, String sha256, byte[] memory, Path file,
            SpoolFiles spool) {
        this.filename = Objects.requireNonNull(filename, "filename is null");
        this.contentType = Objects.requireNonNull(contentType, "contentType is null");
        this.size = size;
        this.sha256 = sha256;
        this.memory = memory;
        this.file = file;
        this.spool = spool;
    }

    @Override
    public String filename() {
        return filename;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public synchronized InputStream open() throws IOException {
        return memory != null ? new ByteArrayInputStream(memory, 0, (int) size) : Files.newInputStream(file);
    }

    /**
     * The audio duration, read from the upload's own container headers (WAV, MP3, FLAC, Ogg, MP4,
     * Matroska), never from what the client says; estimated from the size when they cannot be read.
     */
    public MeasuredDuration audioDuration() {
        if (file == null) {
            return AudioDuration.of(memory, (int) size);
        }
        try {
            return AudioDuration.of(file);
        } catch (IOException e) {
            return AudioDuration.estimateFromSize(size);
        }
    }

    /** The spooled file; a small upload held in memory is written to the spool directory first. */
    @Override
    public synchronized Optional<Path> file() throws IOException {
        if (closed) {
            throw new IOException("the upload was closed: its request ended");
        }
        if (file == null) {
            Path written = spool.create();
            try (OutputStream out = spool.write(written)) {
                out.write(memory, 0, (int) size);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(written);
                throw e;
            }
            file = written;
        }
        return Optional.of(file);
    }

    /** Whether the upload was too large for memory and was spooled to a file as it arrived (for tests and metrics). */
    public boolean spooledToDisk() {
        return memory == null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                System.getLogger(SpooledUpload.class.getName()).log(System.Logger.Level.WARNING,
                        "Could not delete spooled upload " + file, e);
            }
        }
    }

    @Override
    public String toString() {
        return "SpooledUpload[" + filename + ", " + size + " bytes]";
    }
}
