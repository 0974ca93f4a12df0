package dev.prism.provider.openai;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An answer body that shows every byte read from it to a {@link BodyScanner} on its way to the
 * client. Each read returns as soon as the read of the upstream returns, with the same bytes:
 * a stream stays a stream. A scanner that fails is dropped and the body goes on: usage is never
 * worth failing a call for.
 */
final class UsageTeeInputStream extends FilterInputStream {
    private static final System.Logger LOG = System.getLogger(UsageTeeInputStream.class.getName());

    private final String provider;
    private final byte[] single = new byte[1];
    /** Null once the body ended or the scanner failed. */
    private BodyScanner scanner;

    UsageTeeInputStream(InputStream body, BodyScanner scanner, String provider) {
        super(body);
        this.scanner = scanner;
        this.provider = provider;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            ended();
        } else {
            single[0] = (byte) b;
            scan(single, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        int n = in.read(bytes, offset, length);
        if (n < 0) {
            ended();
        } else if (n > 0) {
            scan(bytes, offset, n);
        }
        return n;
    }

    /** Skipped bytes are read, so that the scanner sees them too. */
    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        int read = read(new byte[(int) Math.min(n, 8192)]);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void mark(int readLimit) {
        // Not supported: a reset would show the scanner the same bytes twice.
    }

    @Override
    public void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private void scan(byte[] bytes, int offset, int length) {
        if (scanner == null) {
            return;
        }
        try {
            scanner.scan(bytes, offset, length);
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    private void ended() {
        if (scanner == null) {
            return;
        }
        try {
            scanner.end();
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
        scanner = null;
    }

    private void failed(Exception e) {
        scanner = null;
        LOG.log(System.Logger.Level.DEBUG, () -> "Not reading usage from the answer of provider '" + provider + "': " + e);
    }
}
