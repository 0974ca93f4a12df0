package dev.prism.core.accesslog;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard output as the access log's stream: written in whole lines, and flushed but never closed
 * when the log closes (the process, or the next gateway in the same JVM, still uses it).
 */
final class StandardOutput extends OutputStream {
    private final PrintStream out;

    StandardOutput(PrintStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) {
        out.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        out.write(bytes, offset, length);
    }

    @Override
    public void flush() throws java.io.IOException {
        out.flush();
        if (out.checkError()) {
            // A PrintStream keeps its failures to itself; the log reports them like a file's.
            throw new java.io.IOException("standard output cannot be written");
        }
    }

    @Override
    public void close() throws java.io.IOException {
        flush();
    }
}
