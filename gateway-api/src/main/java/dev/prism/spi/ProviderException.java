package dev.prism.spi;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import java.time.Duration;

/**
 * A failure of an upstream call, categorised so the host can decide whether to retry, fall back
 * or pass the error to the client. The message names the provider and the upstream status and
 * never holds credentials.
 */
public class ProviderException extends GatewayException {
    private static final long serialVersionUID = 1L;

    private final int upstreamStatus;

    /**
     * @param upstreamStatus the upstream's HTTP status, or 0 when there was none (timeout, reset)
     * @param httpStatus what the client gets if this error reaches it
     */
    public ProviderException(
            ErrorKind kind, int upstreamStatus, int httpStatus, String message, String param, String code,
            Duration retryAfter, Throwable cause) {
        super(kind, httpStatus, message, param, code, retryAfter, cause);
        this.upstreamStatus = upstreamStatus;
    }

    /** Connection refused or reset, a broken answer: another attempt may work. */
    public static ProviderException failed(String message, Throwable cause) {
        return new ProviderException(ErrorKind.UPSTREAM_FAILED, 0, 502, message, null, null, null, cause);
    }

    /** The upstream did not answer in time. */
    public static ProviderException timedOut(String message, Throwable cause) {
        return new ProviderException(ErrorKind.UPSTREAM_TIMEOUT, 0, 504, message, null, null, null, cause);
    }

    /**
     * An upstream answered with an error status. 408, 429 and 5xx are retryable failures (502 to
     * the client, or 429 for a rate limit); any other 4xx is the client's mistake and goes back with
     * the upstream's status and message.
     */
    public static ProviderException fromStatus(
            String provider, int status, String upstreamMessage, String param, String code, Duration retryAfter) {
        String detail = upstreamMessage == null || upstreamMessage.isBlank() ? "" : ": " + upstreamMessage;
        if (status == 429) {
            return new ProviderException(ErrorKind.RATE_LIMITED, status, 429,
                    "Provider '" + provider + "' is rate limiting (HTTP 429)" + detail, param, "rate_limit_exceeded",
                    retryAfter, null);
        }
        if (status == 408 || status == 504) {
            return new ProviderException(ErrorKind.UPSTREAM_TIMEOUT, status, 504,
                    "Provider '" + provider + "' timed out (HTTP " + status + ")" + detail, null, null, retryAfter, null);
        }
        if (status >= 500 || status < 400) {
            return new ProviderException(ErrorKind.UPSTREAM_FAILED, status, 502,
                    "Provider '" + provider + "' failed (HTTP " + status + ")" + detail, null, null, retryAfter, null);
        }
        String message = upstreamMessage == null || upstreamMessage.isBlank()
                ? "Provider '" + provider + "' refused the request (HTTP " + status + ")"
                : upstreamMessage;
        return new ProviderException(ErrorKind.UPSTREAM_REJECTED, status, status, message, param, code, null, null);
    }

    /** The upstream's HTTP status, or 0 when the upstream gave none. */
    public int upstreamStatus() {
        return upstreamStatus;
    }
}
