package dev.prism.spi;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import java.time.Duration;
import java.util.Objects;

/**
 * A failure of an upstream call, categorised so the host can decide whether to retry, fall back
 * or pass the error to the client. The message names the provider and the upstream status and
 * never holds credentials.
 */
public class ProviderException extends GatewayException {
    private static final long serialVersionUID = 1L;

    private final int upstreamStatus;

    /**
     * Kept for providers built against earlier versions; {@link #builder} names each argument.
     *
     * @param upstreamStatus the upstream's HTTP status, or 0 when there was none (timeout, reset)
     * @param httpStatus what the client gets if this error reaches it
     */
    public ProviderException(
            ErrorKind kind, int upstreamStatus, int httpStatus, String message, String param, String code,
            Duration retryAfter, Throwable cause) {
        super(kind, httpStatus, message, param, code, retryAfter, cause);
        this.upstreamStatus = upstreamStatus;
    }

    /**
     * A failure of {@code kind}, for the cases the named factories below do not cover. Unless told
     * otherwise, there was no upstream status and the client gets the kind's usual status:
     *
     * <pre>{@code
     * throw ProviderException.builder(ErrorKind.RATE_LIMITED, "Provider 'acme' is rate limiting")
     *         .upstreamStatus(429).retryAfter(Duration.ofSeconds(2)).build();
     * }</pre>
     */
    public static Builder builder(ErrorKind kind, String message) {
        return new Builder(kind, message);
    }

    /** Connection refused or reset, a broken answer: another attempt may work. */
    public static ProviderException failed(String message, Throwable cause) {
        return builder(ErrorKind.UPSTREAM_FAILED, message).cause(cause).build();
    }

    /** The upstream did not answer in time. */
    public static ProviderException timedOut(String message, Throwable cause) {
        return builder(ErrorKind.UPSTREAM_TIMEOUT, message).cause(cause).build();
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
        return builder(ErrorKind.UPSTREAM_AUTH, "Provider '" + provider + "' refused Prism's credentials (HTTP "
                + status + codeDetail(code) + ")").upstreamStatus(status).build();
    }

    /**
     * The upstream does not know the model Prism was configured to ask for ({@link
     * ErrorKind#UPSTREAM_CONFIG}): the next target is tried, and the client never sees the
     * upstream's answer.
     *
     * @param code the upstream's error code, or null
     */
    public static ProviderException modelRefused(String provider, int status, String code) {
        return builder(ErrorKind.UPSTREAM_CONFIG, "Provider '" + provider + "' does not know the configured model (HTTP "
                + status + codeDetail(code) + ")").upstreamStatus(status).build();
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
            return builder(ErrorKind.RATE_LIMITED, "Provider '" + provider + "' is rate limiting (HTTP 429)" + detail)
                    .upstreamStatus(status).param(param).code("rate_limit_exceeded").retryAfter(retryAfter).build();
        }
        if (status == 408 || status == 504) {
            return builder(ErrorKind.UPSTREAM_TIMEOUT, "Provider '" + provider + "' timed out (HTTP " + status + ")"
                    + detail).upstreamStatus(status).retryAfter(retryAfter).build();
        }
        if (status >= 500 || status < 400) {
            return builder(ErrorKind.UPSTREAM_FAILED, "Provider '" + provider + "' failed (HTTP " + status + ")" + detail)
                    .upstreamStatus(status).retryAfter(retryAfter).build();
        }
        String message = upstreamMessage == null || upstreamMessage.isBlank()
                ? "Provider '" + provider + "' refused the request (HTTP " + status + ")"
                : upstreamMessage;
        return builder(ErrorKind.UPSTREAM_REJECTED, message).upstreamStatus(status).httpStatus(status).param(param)
                .code(code).build();
    }

    /** The upstream's HTTP status, or 0 when the upstream gave none. */
    public int upstreamStatus() {
        return upstreamStatus;
    }

    /** Names the details of a {@link ProviderException} one by one. Not thread-safe. */
    public static final class Builder {
        private final ErrorKind kind;
        private final String message;
        private int upstreamStatus;
        private int httpStatus;
        private String param;
        private String code;
        private Duration retryAfter;
        private Throwable cause;

        private Builder(ErrorKind kind, String message) {
            this.kind = Objects.requireNonNull(kind, "kind is null");
            this.message = message;
            this.httpStatus = kind.httpStatus();
        }

        /** The upstream's HTTP status; 0, the default, when there was none (timeout, reset). */
        public Builder upstreamStatus(int upstreamStatus) {
            this.upstreamStatus = upstreamStatus;
            return this;
        }

        /** What the client gets if this error reaches it; by default the kind's status. */
        public Builder httpStatus(int httpStatus) {
            this.httpStatus = httpStatus;
            return this;
        }

        /** The request parameter at fault, or null. */
        public Builder param(String param) {
            this.param = param;
            return this;
        }

        /** OpenAI's machine-readable error code, or null. */
        public Builder code(String code) {
            this.code = code;
            return this;
        }

        /** How long the client should wait before trying again, or null when unknown. */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        public Builder cause(Throwable cause) {
            this.cause = cause;
            return this;
        }

        /** @throws NullPointerException when the message is null */
        public ProviderException build() {
            return new ProviderException(kind, upstreamStatus, httpStatus, message, param, code, retryAfter, cause);
        }
    }
}
