package dev.prism.core.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A virtual key as configured. Only the SHA-256 of the key is kept.
 *
 * @param models the aliases this key may use; empty means every alias
 */
public record KeySpec(String name, byte[] sha256, Optional<Set<String>> models) {
    public KeySpec {
        sha256 = sha256.clone();
        models = models.map(Set::copyOf);
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    @Override
    public String toString() {
        return "KeySpec[" + name + "]";
    }

    static Optional<Set<String>> modelsOf(Optional<List<String>> list) {
        return list.map(Set::copyOf);
    }
}
