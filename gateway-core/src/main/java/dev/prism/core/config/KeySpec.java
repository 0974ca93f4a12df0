package dev.prism.core.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A virtual key as configured. Only the SHA-256 of the key is kept.
 *
 * @param models the aliases this key may use; empty means every alias
 * @param budget what the key may spend ({@link KeyBudget#NONE} when it may spend without limit)
 * @param rateLimit how fast it may call ({@link RateLimit#NONE} when it is not limited)
 */
public record KeySpec(String name, byte[] sha256, Optional<Set<String>> models, KeyBudget budget, RateLimit rateLimit) {
    public KeySpec {
        sha256 = sha256.clone();
        models = models.map(Set::copyOf);
        java.util.Objects.requireNonNull(budget, "budget is null");
        java.util.Objects.requireNonNull(rateLimit, "rateLimit is null");
    }

    /** A key without rate limits. */
    public KeySpec(String name, byte[] sha256, Optional<Set<String>> models, KeyBudget budget) {
        this(name, sha256, models, budget, RateLimit.NONE);
    }

    /** A key without a budget. */
    public KeySpec(String name, byte[] sha256, Optional<Set<String>> models) {
        this(name, sha256, models, KeyBudget.NONE);
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
