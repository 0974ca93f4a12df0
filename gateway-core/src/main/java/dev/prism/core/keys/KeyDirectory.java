package dev.prism.core.keys;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.api.Secret;
import dev.prism.core.config.ConfigException;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.KeyBudget;
import dev.prism.core.config.KeySpec;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The keys as the admin API shows and changes them: those of the configuration (read only) and
 * those stored in the ledger's database, which it makes and deletes. Names are unique across both.
 * Thread-safe.
 */
public final class KeyDirectory {
    /** A stored key's name goes into URLs ({@code DELETE /admin/keys/NAME}), so it is kept plain. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int SECRET_BYTES = 32;

    /** Where a listed key comes from. */
    public enum Origin {
        CONFIG, STORED
    }

    /** A key as listed: never its secret nor its hash. */
    public record ListedKey(String name, Origin origin, Optional<Set<String>> models, Optional<String> budgetJson,
            Optional<String> rateLimitJson, Optional<Instant> created) {}

    /** A key just made: the only time its secret is seen. */
    public record IssuedKey(StoredKey stored, Secret key) {}

    private final List<KeySpec> configured;
    private final Set<String> aliases;
    private final Optional<StoredKeys> store;
    private final StoredKeyLookup cache;
    private final Clock clock;
    private final SecureRandom random;

    /**
     * @param aliases the model aliases a key may be allowed
     * @param store the stored keys; empty when the ledger is off, and then no key can be made
     * @param cache the ring's view of the stored keys, read again after each change here
     */
    public KeyDirectory(List<KeySpec> configured, Set<String> aliases, Optional<StoredKeys> store,
            StoredKeyLookup cache, Clock clock, SecureRandom random) {
        this.configured = List.copyOf(configured);
        this.aliases = Set.copyOf(aliases);
        this.store = Objects.requireNonNull(store, "store is null");
        this.cache = Objects.requireNonNull(cache, "cache is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.random = Objects.requireNonNull(random, "random is null");
    }

    /**
     * The configured keys, then the stored ones in the order of their names.
     *
     * @throws dev.prism.core.ledger.LedgerUnavailableException when the stored keys cannot be read
     */
    public List<ListedKey> list() {
        List<ListedKey> keys = new ArrayList<>();
        configured.forEach(k -> keys.add(new ListedKey(k.name(), Origin.CONFIG, k.models(), Optional.empty(),
                Optional.empty(), Optional.empty())));
        store.ifPresent(s -> s.all().stream().filter(k -> !configuredName(k.name())).forEach(k -> keys.add(
                new ListedKey(k.name(), Origin.STORED, k.models(), k.budgetJson(), k.rateLimitJson(),
                        Optional.of(k.created())))));
        return keys;
    }

    /**
     * Makes and stores a key of {@code 32} random bytes ({@code sk-prism-} and their base64url).
     *
     * @param models the aliases it may use; empty for all
     * @param budgetJson its budget, a JSON object kept as it is, which must read as a configured key's {@code budget} does
     * @param rateLimitJson its rate limit, a JSON object kept as it is, which must read as a configured
     *     key's {@code rate_limit} does
     * @throws GatewayException 400 naming the parameter at fault, 409 when the name is taken, 503
     *     when the ledger is off
     */
    public IssuedKey issue(String name, Optional<List<String>> models, Optional<String> budgetJson,
            Optional<String> rateLimitJson) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw GatewayException.invalid("name", "A key's name is 1 to 64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit.");
        }
        Optional<Set<String>> allowed = models.map(list -> allowedModels(list));
        budgetJson.ifPresent(json -> checkBudget(json, models));
        rateLimitJson.ifPresent(KeyDirectory::checkRateLimit);
        StoredKeys keys = store.orElseThrow(KeyDirectory::noStore);
        if (configuredName(name)) {
            throw taken(name);
        }
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        Secret secret = Secret.of("sk-prism-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        StoredKey key = new StoredKey(name, ConfigLoader.sha256(secret.reveal()), allowed, budgetJson, rateLimitJson,
                clock.instant());
        try {
            keys.add(key);
        } catch (KeyNameTakenException e) {
            throw taken(name);
        }
        cache.refresh();
        return new IssuedKey(key, secret);
    }

    /**
     * Deletes a stored key; every instance refuses it within a second.
     *
     * @throws GatewayException 409 for a key of the configuration, 404 for no key of that name
     */
    public void revoke(String name) {
        if (configuredName(name)) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST, 409, "The key '" + name + "' comes from the "
                    + "configuration file; remove it there.", "name", "key_in_config", null, null);
        }
        if (!store.orElseThrow(KeyDirectory::noStore).remove(name)) {
            throw new GatewayException(ErrorKind.NOT_FOUND, "No key named '" + name + "'.", "name", "key_not_found");
        }
        cache.refresh();
    }

    /** The budget read by the rules of a configured key's, so that it is enforced as sent (see StoredBudgets). */
    private void checkBudget(String json, Optional<List<String>> models) {
        try {
            KeyBudget budget = ConfigLoader.budgetOf(json, aliases, models);
            if (budget.isNone()) {
                throw GatewayException.invalid("budget", "'budget' needs usd and period, or models, such as "
                        + "{\"usd\": 50, \"period\": \"monthly\"}.");
            }
        } catch (ConfigException e) {
            throw GatewayException.invalid("budget", "The budget is not valid: " + String.join("; ", e.problems()));
        }
    }

    /** The rate limit read by the rules of a configured key's, so that it is enforced as sent (see KeyLimits). */
    private static void checkRateLimit(String json) {
        try {
            ConfigLoader.rateLimitOf(json);
        } catch (ConfigException e) {
            throw GatewayException.invalid("rate_limit", "The rate limit is not valid: "
                    + String.join("; ", e.problems()));
        }
    }

    private Set<String> allowedModels(List<String> list) {
        if (list.isEmpty()) {
            throw GatewayException.invalid("models", "Name at least one model alias, or leave models out for all.");
        }
        Set<String> allowed = new LinkedHashSet<>();
        for (String alias : list) {
            if (alias == null || !aliases.contains(alias)) {
                throw GatewayException.invalid("models", "No model named '" + alias + "'. Available: "
                        + String.join(", ", aliases.stream().sorted().toList()));
            }
            allowed.add(alias);
        }
        return allowed;
    }

    private boolean configuredName(String name) {
        return configured.stream().anyMatch(k -> k.name().equals(name));
    }

    private static GatewayException taken(String name) {
        return new GatewayException(ErrorKind.INVALID_REQUEST, 409, "A key named '" + name + "' exists already.",
                "name", "key_exists", null, null);
    }

    private static GatewayException noStore() {
        return new GatewayException(ErrorKind.UNAVAILABLE, "Keys can be made and deleted only when the ledger is on "
                + "(they are kept in its database).", null, "ledger_off");
    }
}
