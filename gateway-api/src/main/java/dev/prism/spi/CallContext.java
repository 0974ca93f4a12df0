package dev.prism.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What a provider needs to know about one attempt besides the request.
 *
 * @param requestId Prism's request id, safe to send upstream for correlation
 * @param upstreamModel the model name to send to the upstream (the target's, not the alias)
 * @param timeout how long to wait for the upstream's answer to start and between reads of it
 */
public record CallContext(String requestId, String upstreamModel, Duration timeout) {
    public CallContext {
        Objects.requireNonNull(requestId, "requestId is null");
        Objects.requireNonNull(upstreamModel, "upstreamModel is null");
        Objects.requireNonNull(timeout, "timeout is null");
    }
}
