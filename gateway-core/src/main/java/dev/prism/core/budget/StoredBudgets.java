package dev.prism.core.budget;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.config.ConfigException;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.KeyBudget;
import dev.prism.core.keys.StoredKeyLookup;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The budgets of keys made through the admin API. They are stored as the JSON the admin sent
 * (checked then by the same rules as a configured key's), and read here by the same rules, once per
 * distinct text: a key deleted and made again with another budget gets the new one.
 */
final class StoredBudgets implements Function<String, KeyBudget> {
    private static final System.Logger LOG = System.getLogger(StoredBudgets.class.getName());

    private final StoredKeyLookup keys;
    private final Set<String> models;
    private final Map<String, KeyBudget> read = new ConcurrentHashMap<>();

    StoredBudgets(StoredKeyLookup keys, Set<String> models) {
        this.keys = keys;
        this.models = Set.copyOf(models);
    }

    @Override
    public KeyBudget apply(String keyName) {
        Optional<String> json = keys.budgetJson(keyName);
        return json.isEmpty() ? KeyBudget.NONE : read.computeIfAbsent(json.get(), text -> parse(keyName, text));
    }

    private KeyBudget parse(String keyName, String json) {
        try {
            return ConfigLoader.budgetOf(json, models, Optional.empty());
        } catch (ConfigException e) {
            // Checked when the key was made; a model removed from the config since is what is left to fail.
            LOG.log(System.Logger.Level.WARNING, "keys: the budget of stored key ''{0}'' no longer reads ({1}); "
                    + "the key is refused until it is made again", keyName, e.getMessage());
            throw new GatewayException(ErrorKind.PERMISSION, "This key's budget names a model that is no longer "
                    + "configured; ask the gateway's operator to make the key again.", null, "budget_unreadable");
        }
    }
}
