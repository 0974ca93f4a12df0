package dev.prism.api;

/**
 * What went wrong, in categories a client and the failover policy can act on.
 *
 * <p>The HTTP status and OpenAI error {@code type} are the defaults for the category; a
 * {@link GatewayException} may carry a more precise status (an upstream's own 4xx, say).
 */
public enum ErrorKind {
    /** The client's request is malformed or invalid. Never retried. */
    INVALID_REQUEST(400, "invalid_request_error", Next.NOTHING),
    /** No key, or an unknown key. */
    AUTHENTICATION(401, "invalid_request_error", Next.NOTHING),
    /** The key exists but may not do this. */
    PERMISSION(403, "permission_error", Next.NOTHING),
    /** The thing asked for does not exist (for this key). */
    NOT_FOUND(404, "invalid_request_error", Next.NOTHING),
    /** The request body is larger than allowed. */
    PAYLOAD_TOO_LARGE(413, "invalid_request_error", Next.NOTHING),
    /** The request body has a media type the endpoint does not take. */
    UNSUPPORTED_MEDIA_TYPE(415, "invalid_request_error", Next.NOTHING),
    /** Too many requests; worth retrying later. */
    RATE_LIMITED(429, "requests", Next.RETRY),
    /** A budget or quota is spent; retrying cannot help. */
    QUOTA_EXCEEDED(429, "insufficient_quota", Next.NOTHING),
    /** The upstream refused the request as the client's mistake (its 4xx); passed back as is. */
    UPSTREAM_REJECTED(400, "invalid_request_error", Next.NOTHING),
    /**
     * The upstream refused Prism's own credentials (OpenAI's 401 or 403, say): a fault of Prism's
     * configuration for that target, never of the client, whose key does not reach the upstream.
     * Asking the same target again cannot help; another target may serve.
     */
    UPSTREAM_AUTH(502, "server_error", Next.OTHER_TARGET),
    /**
     * The upstream refused what Prism was configured to ask of it (OpenAI's 404 {@code
     * model_not_found} for the target's model, say): like {@link #UPSTREAM_AUTH}, a fault of that
     * target's configuration. Another target may serve.
     */
    UPSTREAM_CONFIG(502, "server_error", Next.OTHER_TARGET),
    /** The upstream failed (5xx, reset, refused connection, garbage). Worth another try elsewhere. */
    UPSTREAM_FAILED(502, "server_error", Next.RETRY),
    /** The upstream did not answer in time. Worth another try elsewhere. */
    UPSTREAM_TIMEOUT(504, "timeout_error", Next.RETRY),
    /** Nothing can serve the request right now (every target's breaker is open, say). */
    UNAVAILABLE(503, "service_unavailable_error", Next.RETRY),
    /** A bug in Prism. */
    INTERNAL(500, "server_error", Next.NOTHING);

    /** What may still succeed after a failure of this kind. */
    private enum Next {
        /** Nothing: the answer goes to the client. */
        NOTHING,
        /** Another target, not the same one again. */
        OTHER_TARGET,
        /** The same target later, or another target. */
        RETRY
    }

    private final int httpStatus;
    private final String openAiType;
    private final Next next;

    ErrorKind(int httpStatus, String openAiType, Next next) {
        this.httpStatus = httpStatus;
        this.openAiType = openAiType;
        this.next = next;
    }

    /** The HTTP status a client gets for this kind unless the exception names another. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The {@code error.type} of OpenAI's error envelope. */
    public String openAiType() {
        return openAiType;
    }

    /** Whether another attempt on the same target (after a backoff) may succeed. */
    public boolean retryable() {
        return next == Next.RETRY;
    }

    /**
     * Whether the failure is the target's, not the request's: it counts against the target's
     * circuit breaker and failover moves on to the next target. True of every {@link #retryable()}
     * kind, and of those that only another target can cure ({@link #UPSTREAM_AUTH}, {@link
     * #UPSTREAM_CONFIG}).
     */
    public boolean triesNextTarget() {
        return next != Next.NOTHING;
    }
}
