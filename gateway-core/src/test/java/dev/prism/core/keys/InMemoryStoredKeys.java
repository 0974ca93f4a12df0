package dev.prism.core.keys;

import dev.prism.core.ledger.LedgerUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Stored keys in memory, as the database keeps them; it can be taken down, and counts its reads. */
final class InMemoryStoredKeys implements StoredKeys {
    private final TreeMap<String, StoredKey> keys = new TreeMap<>();
    private boolean down;
    private int reads;

    synchronized void down(boolean isDown) {
        down = isDown;
    }

    synchronized int reads() {
        return reads;
    }

    @Override
    public synchronized List<StoredKey> all() {
        reachable();
        reads++;
        return new ArrayList<>(keys.values());
    }

    @Override
    public synchronized void add(StoredKey key) {
        reachable();
        if (keys.containsKey(key.name())) {
            throw new KeyNameTakenException(key.name());
        }
        keys.put(key.name(), key);
    }

    @Override
    public synchronized boolean remove(String name) {
        reachable();
        return keys.remove(name) != null;
    }

    private void reachable() {
        if (down) {
            throw new LedgerUnavailableException("the database is down");
        }
    }
}
