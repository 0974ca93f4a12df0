package dev.prism.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The one failure type of Prism: a category, a message safe to show the client, and the
 * details of OpenAI's error envelope.
 *
 * <p>Messages must never contain secrets: no API keys, no virtual keys, no credentials of an
 * upstream. Providers build them from what they know is safe (their name, the upstream status,
 * the upstream's own error message).
 */
public class GatewayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final int httpStatus;
    private final String param;
    private final String code;
    private final Duration retryAfter;

    public GatewayException(ErrorKind kind, String message) {
        this(kind, kind.httpStatus(), message, null, null, null, null);
    }

    public GatewayException(ErrorKind kind, String message, String param, String code) {
        this(kind, kind.httpStatus(), message, param, code, null, null);
    }

    public GatewayException(
            ErrorKind kind, int httpStatus, String message, String param, String code, Duration retryAfter,
            Throwable cause) {
        super(Objects.requireNonNull(message, "message is null"), cause, false, cause != null);
        this.kind = Objects.requireNonNull(kind, "kind is null");
        this.httpStatus = httpStatus;
        this.param = param;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** An invalid parameter: 400 with {@code param} set. */
    public static GatewayException invalid(String param, String message) {
        return new GatewayException(ErrorKind.INVALID_REQUEST, message, param, null);
    }

    /** An invalid parameter value with an OpenAI error code such as {@code invalid_value}. */
    public static GatewayException invalid(String param, String code, String message) {
        return new GatewayException(ErrorKind.INVALID_REQUEST, message, param, code);
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The HTTP status the client receives. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The request parameter at fault, or null. */
    public String param() {
        return param;
    }

    /** OpenAI's machine-readable error code ({@code model_not_found}, ...), or null. */
    public String code() {
        return code;
    }

    /** How long the client should wait before trying again, when known. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
