package dev.prism.core.upload;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Where uploads too large for memory are written: the files of the {@link SpoolDirectory}, or a
 * fake in tests (a disk that fills up). Every {@code IOException} it throws is the server's own
 * failure, never the client's.
 */
interface SpoolFiles {
    /** A new, empty file of its own, readable and writable by this process only. */
    Path create() throws IOException;

    /** A stream writing {@code file} from its start. */
    OutputStream write(Path file) throws IOException;

    /** What the log names when a file cannot be written: the directory. */
    String describe();
}
