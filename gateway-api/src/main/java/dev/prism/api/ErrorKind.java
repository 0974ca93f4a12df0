package dev.prism.api;

/**
 * What went wrong, in categories a client and the failover policy can act on.
 *
 * <p>The HTTP status and OpenAI error {@code type} are the defaults for the category; a
 * {@link GatewayException} may carry a more precise status (an upstream's own 4xx, say).
 */
public enum ErrorKind {
    /** The client's request is malformed or invalid. Never retried. */
    INVALID_REQUEST(400, "invalid_request_error", false),
    /** No key, or an unknown key. */
    AUTHENTICATION(401, "invalid_request_error", false),
    /** The key exists but may not do this. */
    PERMISSION(403, "permission_error", false),
    /** The thing asked for does not exist (for this key). */
    NOT_FOUND(404, "invalid_request_error", false),
    /** The request body is larger than allowed. */
    PAYLOAD_TOO_LARGE(413, "invalid_request_error", false),
    /** The request body has a media type the endpoint does not take. */
    UNSUPPORTED_MEDIA_TYPE(415, "invalid_request_error", false),
    /** Too many requests; worth retrying later. */
    RATE_LIMITED(429, "requests", true),
    /** A budget or quota is spent; retrying cannot help. */
    QUOTA_EXCEEDED(429, "insufficient_quota", false),
    /** The upstream refused the request as the client's mistake (its 4xx); passed back as is. */
    UPSTREAM_REJECTED(400, "invalid_request_error", false),
    /** The upstream failed (5xx, reset, refused connection, garbage). Worth another try elsewhere. */
    UPSTREAM_FAILED(502, "server_error", true),
    /** The upstream did not answer in time. Worth another try elsewhere. */
    UPSTREAM_TIMEOUT(504, "timeout_error", true),
    /** Nothing can serve the request right now (every target's breaker is open, say). */
    UNAVAILABLE(503, "service_unavailable_error", true),
    /** A bug in Prism. */
    INTERNAL(500, "server_error", false);

    private final int httpStatus;
    private final String openAiType;
    private final boolean retryable;

    ErrorKind(int httpStatus, String openAiType, boolean retryable) {
        this.httpStatus = httpStatus;
        this.openAiType = openAiType;
        this.retryable = retryable;
    }

    /** The HTTP status a client gets for this kind unless the exception names another. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The {@code error.type} of OpenAI's error envelope. */
    public String openAiType() {
        return openAiType;
    }

    /** Whether another attempt (the same target later, or another target) may succeed. */
    public boolean retryable() {
        return retryable;
    }
}
