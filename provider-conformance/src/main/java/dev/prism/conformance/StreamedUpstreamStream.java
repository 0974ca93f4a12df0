package dev.prism.conformance;

import dev.prism.testkit.StreamedBody;
import java.time.Duration;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * An {@link UpstreamStream} over the test kit's {@link StreamedBody}: what an adapter returns from
 * {@link UpstreamFake#streamNextSpeech} once it has scripted its fake to answer with {@code body}.
 *
 * @param chunk the bytes of the n-th chunk (from 0), in the upstream's own wire format
 */
public record StreamedUpstreamStream(StreamedBody body, IntFunction<byte[]> chunk) implements UpstreamStream {
    public StreamedUpstreamStream {
        Objects.requireNonNull(body, "body is null");
        Objects.requireNonNull(chunk, "chunk is null");
    }

    @Override
    public void sendChunk() {
        body.send(chunk.apply(body.chunksWritten()));
    }

    @Override
    public void end() {
        body.end();
    }

    @Override
    public void breakOff() {
        body.breakOff();
    }

    @Override
    public boolean awaitReleased(Duration timeout) throws InterruptedException {
        // A write into a socket the client has closed may still succeed once: keep writing until one fails.
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            sendChunk();
            if (body.awaitWriteFailure(Duration.ofMillis(50))) {
                return true;
            }
        }
        return false;
    }
}
