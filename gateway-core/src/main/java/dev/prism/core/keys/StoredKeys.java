package dev.prism.core.keys;

import java.util.List;

/**
 * Where the keys made through the admin API are kept: the ledger's database, shared by every
 * instance that writes to it. Thread-safe.
 *
 * <p>Every method throws {@link dev.prism.core.ledger.LedgerUnavailableException} when the
 * database cannot be reached.
 */
public interface StoredKeys {
    /** Every stored key, in the order of their names. */
    List<StoredKey> all();

    /**
     * Keeps a new key.
     *
     * @throws KeyNameTakenException when a stored key already has its name (or its hash)
     */
    void add(StoredKey key);

    /** Forgets the key of this name; false when there was none. */
    boolean remove(String name);
}
