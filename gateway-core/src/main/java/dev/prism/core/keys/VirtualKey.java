package dev.prism.core.keys;

import java.util.Optional;
import java.util.Set;

/**
 * An authenticated client key: its name (safe to log) and what it may use. It never holds the key
 * itself.
 *
 * @param allowedModels the aliases it may use; empty means all
 */
public record VirtualKey(String name, Optional<Set<String>> allowedModels) {
    public VirtualKey {
        allowedModels = allowedModels.map(Set::copyOf);
    }

    public boolean mayUse(String alias) {
        return allowedModels.map(models -> models.contains(alias)).orElse(true);
    }
}
