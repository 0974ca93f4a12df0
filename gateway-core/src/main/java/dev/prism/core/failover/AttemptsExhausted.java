package dev.prism.core.failover;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import java.time.Duration;

/** Every target failed; carries the attempt count for the {@code x-prism-attempts} header. */
public final class AttemptsExhausted extends GatewayException {
    private static final long serialVersionUID = 1L;
    private final int attempts;

    AttemptsExhausted(ErrorKind kind, String message, int attempts, String code, Duration retryAfter) {
        super(kind, kind.httpStatus(), message, null, code, retryAfter, null);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }
}
