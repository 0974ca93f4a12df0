package dev.prism.core.budget;

import java.util.Objects;
import java.util.Optional;

/**
 * One budget: a key's overall one, or a key's for one model alias.
 *
 * @param alias the model alias; empty for the key's overall budget
 */
record AccountId(String keyName, Optional<String> alias) {
    AccountId {
        Objects.requireNonNull(keyName, "keyName is null");
        Objects.requireNonNull(alias, "alias is null");
    }

    String describe() {
        return alias.map(a -> "key '" + keyName + "' on model '" + a + "'").orElse("key '" + keyName + "'");
    }
}
