package dev.prism.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body the test writes while the fake is answering: each {@link #send} goes out as its
 * own flushed chunk when the fake gets to it, so a test decides when each chunk leaves, and can
 * prove that a client saw chunk 1 before the upstream finished. Used once, for one request.
 *
 * <pre>{@code
 * StreamedBody body = StreamedBody.create().send(chunk1);
 * upstream.next("/audio/speech", Answer.streamed("audio/mpeg", body));
 * // ... the client reads chunk 1 ...
 * body.send(chunk2).end();
 * }</pre>
 *
 * <p>The fake waits at most {@link #IDLE_LIMIT} for the next step; after that it breaks the
 * connection off, so a forgotten {@link #end()} fails a test instead of hanging it.
 */
public final class StreamedBody {
    /** How long the fake waits for the test's next step before giving up on the stream. */
    public static final Duration IDLE_LIMIT = Duration.ofSeconds(30);

    private sealed interface Step permits Chunk, End, Drop {}

    private record Chunk(byte[] bytes) implements Step {}

    private record End() implements Step {}

    private record Drop() implements Step {}

    private final BlockingQueue<Step> steps = new LinkedBlockingQueue<>();
    private int chunksWritten;
    private boolean ended;
    private boolean brokenOff;
    private boolean writeFailed;

    private StreamedBody() {}

    public static StreamedBody create() {
        return new StreamedBody();
    }

    /** Queues a chunk; the fake writes and flushes it as soon as it is answering. */
    public StreamedBody send(byte[] chunk) {
        steps.add(new Chunk(chunk.clone()));
        return this;
    }

    public StreamedBody send(String chunk) {
        return send(chunk.getBytes(StandardCharsets.UTF_8));
    }

    /** Queues the clean end of the body (the terminating chunk). */
    public void end() {
        steps.add(new End());
    }

    /** Queues a failure: the fake drops the connection without ending the body. */
    public void breakOff() {
        steps.add(new Drop());
    }

    /** Waits until the fake has written {@code count} chunks to the socket. */
    public synchronized boolean awaitChunksWritten(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (chunksWritten < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /**
     * Waits until writing a chunk failed because the client side dropped the connection: what a
     * gateway must do when its own client goes away, instead of reading the rest.
     */
    public synchronized boolean awaitWriteFailure(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!writeFailed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    public synchronized int chunksWritten() {
        return chunksWritten;
    }

    /** Whether the fake has written the clean end of the body. */
    public synchronized boolean ended() {
        return ended;
    }

    /** Whether the fake broke the connection off (asked to, or because the test went idle). */
    public synchronized boolean brokenOff() {
        return brokenOff;
    }

    /** Writes the steps as they come; throws {@link Answer.BreakOff} to drop the connection. */
    void writeTo(OutputStream out) throws IOException {
        while (true) {
            Step step;
            try {
                step = steps.poll(IDLE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                step = null;
            }
            switch (step) {
                case Chunk c -> {
                    try {
                        out.write(c.bytes());
                        out.flush();
                    } catch (IOException e) {
                        synchronized (this) {
                            writeFailed = true;
                            notifyAll();
                        }
                        throw e;
                    }
                    synchronized (this) {
                        chunksWritten++;
                        notifyAll();
                    }
                }
                case End e -> {
                    out.close();
                    synchronized (this) {
                        ended = true;
                        notifyAll();
                    }
                    return;
                }
                case null, default -> {
                    synchronized (this) {
                        brokenOff = true;
                        notifyAll();
                    }
                    throw new Answer.BreakOff();
                }
            }
        }
    }
}
