package dev.prism.core;

import java.util.Optional;

/**
 * Something whose outage must stop traffic to this gateway: {@code GET /health/ready} asks every
 * one at each probe and answers 503 while any gives a reason. Feature modules add theirs to the set
 * (the cache's store when {@code cache.on_unavailable: fail}); a dependency the gateway can serve
 * without (a cache that is bypassed, a ledger that spills) adds none.
 */
public interface ReadinessCheck {
    /**
     * Why the gateway must not take traffic now, or empty when it may. Bounded by the dependency's
     * own timeout, and cheap while its circuit breaker is open. The reason is shown to anyone who
     * asks: a short phrase such as {@code cache store unreachable}, never a host, a URL, a provider
     * or a model name.
     */
    Optional<String> notReadyBecause();
}
