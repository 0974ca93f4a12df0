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
     * The upstream refused Prism's credentials for this provider ({@link ErrorKind#UPSTREAM_AUTH}):
     * the next target is tried, and the client never sees the upstream's answer. The message holds
     * the status and the upstream's error code, never its message text, which may quote a fragment
     * of the key.
     *
     * @param code the upstream's error code, or null
     */
    public static ProviderException credentialsRefused(String provider, int status, String code) {
        return new ProviderException(ErrorKind.UPSTREAM_AUTH, status, 502, "Provider '" + provider
                + "' refused Prism's credentials (HTTP " + status + codeDetail(code) + ")", null, null, null, null);
    }

    /**
     * The upstream does not know the model Prism was configured to ask for ({@link
     * ErrorKind#UPSTREAM_CONFIG}): the next target is tried, and the client never sees the
     * upstream's answer.
     *
     * @param code the upstream's error code, or null
     */
    public static ProviderException modelRefused(String provider, int status, String code) {
        return new ProviderException(ErrorKind.UPSTREAM_CONFIG, status, 502, "Provider '" + provider
                + "' does not know the configured model (HTTP " + status + codeDetail(code) + ")", null, null, null, null);
    }

    /** The upstream's code if it looks like one: anything else might be text the upstream chose. */
    private static String codeDetail(String code) {
        return code != null && code.matches("[A-Za-z0-9_.-]{1,64}") ? ", " + code : "";
    }

    /**
     * An upstream answered with an error status. 408, 429 and 5xx are retryable failures (502 to
     * the client, or 429 for a rate limit). 401 and 403 are {@link #credentialsRefused}: the
     * client's key never reaches the upstream, so they can only be about Prism's. Any other 4xx is
     * the client's mistake and goes back with the upstream's status and message. A provider whose
     * upstream means something else by some of its answers (a spent quota sent as a 401, an
     * unknown model as a 404) maps those itself before calling this.
     */
    public static ProviderException fromStatus(
            String provider, int status, String upstreamMessage, String param, String code, Duration retryAfter) {
        if (status == 401 || status == 403) {
            return credentialsRefused(provider, status, code);
        }
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
