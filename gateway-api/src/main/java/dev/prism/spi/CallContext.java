package dev.prism.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What a provider needs to know about one attempt besides the request.
 *
 * @param requestId Prism's request id, safe to send upstream for correlation
 * @param upstreamModel the model name to send to the upstream (the target's, not the alias)
 * @param timeout how long to wait for the upstream's answer to start: its headers and first byte
 *     (the provider's {@code first_byte_timeout} for streams, cut short by the request's deadline)
 * @param idleTimeout once the answer has started, how long a read may wait for the next bytes
 * @param usage where to report what the upstream says the call used
 */
public record CallContext(String requestId, String upstreamModel, Duration timeout, Duration idleTimeout, UsageReport usage) {
    public CallContext {
        Objects.requireNonNull(requestId, "requestId is null");
        Objects.requireNonNull(upstreamModel, "upstreamModel is null");
        Objects.requireNonNull(timeout, "timeout is null");
        Objects.requireNonNull(idleTimeout, "idleTimeout is null");
        Objects.requireNonNull(usage, "usage is null");
    }

    /** An attempt whose usage nobody records. */
    public CallContext(String requestId, String upstreamModel, Duration timeout, Duration idleTimeout) {
        this(requestId, upstreamModel, timeout, idleTimeout, UsageReport.IGNORED);
    }

    /** An attempt whose answer may pause as long as it may take to start. */
    public CallContext(String requestId, String upstreamModel, Duration timeout) {
        this(requestId, upstreamModel, timeout, timeout);
    }
}
