package dev.prism.core.accesslog;

import dev.prism.core.record.CallListener;
import dev.prism.core.record.CompletedCall;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The access log: one line for every completed call, written whole (one write under a lock, so
 * lines of concurrent calls never interleave) and flushed at once, so a reader tailing the stream
 * sees each call as it completes. Closed after the call recorder at shutdown: every call told to it
 * is written before the stream closes. A stream that fails is reported once, not per line; lines
 * are lost while it fails, calls are not.
 */
final class AccessLog implements CallListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AccessLog.class.getName());

    private final AccessLogLine lines;
    private final Supplier<OutputStream> opener;
    // A lock, not synchronized: listeners run on virtual threads, which synchronized pins on JDK 21 during the write.
    private final ReentrantLock writing = new ReentrantLock();
    private OutputStream out;
    private boolean failing;
    private boolean closed;

    /** @param opener opens the stream, once, when the gateway starts (or at the first line) */
    AccessLog(AccessLogLine lines, Supplier<OutputStream> opener) {
        this.lines = lines;
        this.opener = opener;
    }

    /** Opens the stream; a file that cannot be opened fails the start. */
    void open() {
        writing.lock();
        try {
            if (out == null) {
                out = opener.get();
            }
        } finally {
            writing.unlock();
        }
    }

    @Override
    public void completed(CompletedCall call) {
        byte[] line = lines.of(call);
        writing.lock();
        try {
            if (closed) {
                // A call that completes while the gateway stops (its handler finished after the log was closed)
                // still gets its line: appended through a stream of its own, closed at once.
                try (OutputStream late = opener.get()) {
                    late.write(line);
                    late.flush();
                }
                return;
            }
            if (out == null) {
                out = opener.get();
            }
            out.write(line);
            out.flush();
            if (failing) {
                failing = false;
                LOG.log(System.Logger.Level.INFO, "The access log is written again");
            }
        } catch (IOException | UncheckedIOException e) {
            if (!failing) {
                failing = true;
                LOG.log(System.Logger.Level.WARNING, "Cannot write the access log (" + e.getMessage()
                        + "); lines are lost until it can be written again");
            }
        } finally {
            writing.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        writing.lock();
        try {
            closed = true;
            if (out != null) {
                out.close();
            }
        } finally {
            writing.unlock();
        }
    }
}
