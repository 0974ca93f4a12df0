package dev.prism.core.failover;

import dev.prism.api.GatewayException;

/**
 * An upstream refused the request as the client's mistake: its status, message, param and code go
 * back unchanged, with which provider answered and after how many attempts (the headers
 * {@code x-prism-provider} and {@code x-prism-attempts}).
 */
public final class UpstreamRefusal extends GatewayException {
    private static final long serialVersionUID = 1L;
    private final String provider;
    private final int attempts;

    UpstreamRefusal(GatewayException refusal, String provider, int attempts) {
        super(refusal.kind(), refusal.httpStatus(), refusal.getMessage(), refusal.param(), refusal.code(),
                refusal.retryAfter().orElse(null), refusal);
        this.provider = provider;
        this.attempts = attempts;
    }

    public String provider() {
        return provider;
    }

    public int attempts() {
        return attempts;
    }
}
