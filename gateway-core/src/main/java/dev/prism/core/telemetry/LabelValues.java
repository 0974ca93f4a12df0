package dev.prism.core.telemetry;

import dev.prism.api.Operation;
import java.util.Optional;
import java.util.Set;

/**
 * Label values that stay few whatever clients send: a model is one of the configured aliases or
 * {@code unknown}, a missing value is {@code none}, a status is its number.
 */
final class LabelValues {
    static final String NONE = "none";
    static final String UNKNOWN = "unknown";

    private final Set<String> aliases;

    LabelValues(Set<String> aliases) {
        this.aliases = Set.copyOf(aliases);
    }

    /** The alias when it is configured; what a client made up is {@code unknown}. */
    String model(Optional<String> alias) {
        return alias.map(a -> aliases.contains(a) ? a : UNKNOWN).orElse(NONE);
    }

    static String endpoint(Optional<Operation> endpoint) {
        return endpoint.map(Operation::configName).orElse(NONE);
    }

    /** Provider and key names come from the configuration (or the admin API), never from a client. */
    static String named(Optional<String> name) {
        return name.orElse(NONE);
    }
}
