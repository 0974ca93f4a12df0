package dev.prism.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An uploaded file, received whole before any upstream is called. It can be read any number of
 * times (each {@link #open()} starts at the first byte), so a retry or a fallback never reads
 * the client again.
 *
 * <p>Large uploads live in a temporary file that is deleted when the request ends.
 */
public interface Upload {
    /** The client's file name, or a name with the right extension sniffed from the bytes. */
    String filename();

    /** The part's content type, or one guessed from the container. */
    String contentType();

    /** The size in bytes. */
    long size();

    /** Lower-case hex SHA-256 of the bytes, computed as they arrived. */
    String sha256();

    /** A fresh stream over the bytes. The caller closes it. */
    InputStream open() throws IOException;

    /**
     * The bytes as a file, for libraries that read only files (audio tag readers, say), so that a
     * provider never copies an upload elsewhere. The file belongs to the upload: read it, never
     * write, move or delete it; it is deleted when the request ends. Its name says nothing of the
     * format (use {@link #filename()} and {@link #contentType()}).
     *
     * @return the file, or empty when this upload offers none (the default): read {@link #open()}
     * @throws IOException when the file cannot be made (the bytes were in memory and the disk failed)
     */
    default Optional<Path> file() throws IOException {
        return Optional.empty();
    }
}
