package dev.prism.core.upload;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import java.io.IOException;
import java.time.Duration;

/**
 * Prism could not write an upload to its spool directory (the disk is full, the directory is gone
 * or not writable): the server's failure, not the client's, so a 503 {@code server_error} with a
 * {@code retry-after}. The message the client sees names neither the path nor the cause; the
 * server log does.
 */
public final class SpoolFailure extends GatewayException {
    private static final long serialVersionUID = 1L;

    /** Long enough for an operator or a cleaner to free some space, short enough for the SDKs to wait it out. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    SpoolFailure(IOException cause) {
        super(ErrorKind.INTERNAL, 503, "The server could not store the uploaded file; try again later.", null, null,
                RETRY_AFTER, cause);
    }
}
