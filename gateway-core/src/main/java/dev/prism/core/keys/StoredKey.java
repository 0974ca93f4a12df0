package dev.prism.core.keys;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A virtual key made through the admin API and kept in the ledger's database. Only the SHA-256 of
 * the key is kept; the key itself was shown once, when it was made.
 *
 * @param name unique among the configured and the stored keys
 * @param sha256 the SHA-256 of the key
 * @param models the aliases the key may use; empty means every alias
 * @param budgetJson the key's {@code budget} as the admin sent it, a JSON object kept as text and
 *     not interpreted here (budgets read it)
 * @param rateLimitJson the key's {@code rate_limit} as the admin sent it, a JSON object kept as
 *     text and not interpreted here (the rate limiter reads it)
 * @param created when it was made
 */
public record StoredKey(String name, byte[] sha256, Optional<Set<String>> models, Optional<String> budgetJson,
        Optional<String> rateLimitJson, Instant created) {
    public StoredKey {
        Objects.requireNonNull(name, "name is null");
        sha256 = sha256.clone();
        models = Objects.requireNonNull(models, "models is null").map(Set::copyOf);
        Objects.requireNonNull(budgetJson, "budgetJson is null");
        Objects.requireNonNull(rateLimitJson, "rateLimitJson is null");
        Objects.requireNonNull(created, "created is null");
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    public VirtualKey virtualKey() {
        return new VirtualKey(name, models);
    }

    /** Without the hash: a record may be printed when debugging. */
    @Override
    public String toString() {
        return "StoredKey[" + name + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredKey that && name.equals(that.name)
                && java.util.Arrays.equals(sha256, that.sha256) && models.equals(that.models)
                && budgetJson.equals(that.budgetJson) && rateLimitJson.equals(that.rateLimitJson)
                && created.equals(that.created);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
