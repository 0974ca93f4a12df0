package dev.prism.core.cache;

import java.time.Duration;
import javax.cache.Cache;

/**
 * Where a cache back end keeps stored answers: bytes under a key, each entry with its own time to
 * live. Calls block and may throw any {@link RuntimeException} when the store is out of reach; the
 * host bounds each call with a timeout and a circuit breaker and treats a failure as an outage
 * ({@code cache.on_unavailable}). Implementations are thread-safe.
 */
public interface AnswerStore {
    /** The entry stored under {@code key}, or null when there is none. */
    byte[] get(String key);

    /**
     * Stores {@code entry} under {@code key}, replacing any other. The store should free it once
     * {@code ttl} has passed; Prism never serves an entry past its TTL either way.
     */
    void put(String key, byte[] entry, Duration ttl);

    void remove(String key);

    /**
     * A store over a JCache cache. JCache's expiry policy is one for the whole cache, so entries are
     * freed when the cache's own expiry (the longest TTL) or its size limit says, not at their TTL.
     */
    static AnswerStore over(Cache<String, byte[]> cache) {
        return new AnswerStore() {
            @Override
            public byte[] get(String key) {
                return cache.get(key);
            }

            @Override
            public void put(String key, byte[] entry, Duration ttl) {
                cache.put(key, entry);
            }

            @Override
            public void remove(String key) {
                cache.remove(key);
            }
        };
    }
}
