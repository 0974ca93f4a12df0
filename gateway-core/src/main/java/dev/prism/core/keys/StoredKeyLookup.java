package dev.prism.core.keys;

import java.util.Optional;

/** Finds a stored key by the SHA-256 of a presented key, for the {@link KeyRing}. Thread-safe. */
@FunctionalInterface
public interface StoredKeyLookup {
    /** When nothing is stored: no ledger, or a back end that keeps no keys. */
    StoredKeyLookup NONE = sha256 -> Optional.empty();

    /**
     * The stored key whose hash is {@code sha256}, compared in constant time.
     *
     * @throws dev.prism.api.GatewayException 503 when the stored keys could not be read yet
     */
    Optional<VirtualKey> find(byte[] sha256);

    /** The budget a stored key was made with, as the JSON text the admin sent; empty when it has none or is unknown. */
    default Optional<String> budgetJson(String name) {
        return Optional.empty();
    }

    /** The rate limit a stored key was made with, as the JSON text the admin sent; empty when it has none or is unknown. */
    default Optional<String> rateLimitJson(String name) {
        return Optional.empty();
    }

    /** Reads the stored keys again now, after this instance changed them. */
    default void refresh() {}
}
