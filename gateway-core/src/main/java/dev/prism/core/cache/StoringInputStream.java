package dev.prism.core.cache;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Passes a body through to its reader while keeping a copy. Only a body read to its very end is
 * handed to {@code onComplete}; one closed early, broken by an error, or larger than the limit is
 * not, so a partial stream is never stored. {@code onFinish} runs once in every case.
 */
final class StoringInputStream extends FilterInputStream {
    private final long maxBytes;
    private final Consumer<byte[]> onComplete;
    private final Runnable onFinish;
    private ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private boolean finished;

    StoringInputStream(InputStream in, long maxBytes, Consumer<byte[]> onComplete, Runnable onFinish) {
        super(in);
        this.maxBytes = maxBytes;
        this.onComplete = onComplete;
        this.onFinish = onFinish;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = super.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            finish(false);
            throw e;
        }
        if (n < 0) {
            finish(true);
        } else if (copy != null) {
            if (copy.size() + n > maxBytes) {
                copy = null; // too large to keep; the client still gets every byte
            } else {
                copy.write(b, off, n);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        copy = null; // skipped bytes would leave a hole in the copy
        return super.skip(n);
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            finish(false);
        }
    }

    private void finish(boolean complete) {
        if (finished) {
            return;
        }
        finished = true;
        try {
            if (complete && copy != null) {
                onComplete.accept(copy.toByteArray());
            }
        } finally {
            copy = null;
            onFinish.run();
        }
    }
}
