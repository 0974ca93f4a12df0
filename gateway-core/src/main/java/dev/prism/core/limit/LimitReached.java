package dev.prism.core.limit;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import java.time.Duration;

/**
 * A rate limit of Prism's own refused the call: 429 {@code rate_limit_exceeded}, with how long to
 * wait. A request larger than a limit's whole capacity can never pass it: retrying cannot help.
 */
public final class LimitReached extends GatewayException {
    private static final long serialVersionUID = 1L;

    private final boolean worthRetrying;

    LimitReached(String message, Duration retryAfter, boolean worthRetrying) {
        super(ErrorKind.RATE_LIMITED, ErrorKind.RATE_LIMITED.httpStatus(), message, null, "rate_limit_exceeded",
                retryAfter, null);
        this.worthRetrying = worthRetrying;
    }

    /** False when the request asks for more than the limit allows in a whole window. */
    public boolean worthRetrying() {
        return worthRetrying;
    }
}
