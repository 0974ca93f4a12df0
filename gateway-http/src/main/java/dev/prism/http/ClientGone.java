package dev.prism.http;

import dev.prism.api.GatewayException;
import io.helidon.common.buffers.DataReader;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The client closed the connection (mid-upload, mid-stream). Nothing can be sent to it any more;
 * the handler only releases what it holds.
 */
final class ClientGone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClientGone(Throwable cause) {
        super("client went away", cause, false, false);
    }

    /**
     * A failure while reading the request body that {@link MultipartReader} did not already judge: the
     * socket broke (the client is gone), or Helidon refused the body's framing (400).
     */
    static RuntimeException orBrokenForm(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketException || t instanceof java.io.EOFException
                    || (t instanceof UncheckedIOException && t.getCause() instanceof java.net.SocketException)) {
                return new ClientGone(e);
            }
            if (t instanceof DataReader.InsufficientDataAvailableException) {
                return new ClientGone(e);
            }
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            return new ClientGone(e);
        }
        return GatewayException.invalid("file", "The request body is not a valid multipart/form-data form.");
    }
}
