package dev.prism.core.cache;

import dev.prism.core.config.CacheSettings;
import java.time.Duration;
import javax.cache.Cache;

/**
 * Where cached answers live, behind the JCache API. The embedded default is Ehcache (memory and disk);
 * a plugin jar can add another (Redis through Redisson's JCache provider) by declaring its backend
 * in {@code META-INF/services/dev.prism.core.cache.CacheBackend}. The operator picks one by name in
 * {@code cache.provider}.
 */
public interface CacheBackend extends AutoCloseable {
    /** The name operators write in {@code cache.provider}. */
    String name();

    /**
     * Opens (or creates) the cache of answers.
     *
     * @param maxTtl the longest any entry may live; the back end may drop entries after it
     */
    Cache<String, byte[]> open(CacheSettings settings, Duration maxTtl);

    /**
     * The largest answer body, in bytes, this back end can store with these settings; larger answers
     * pass through without being stored. Unbounded unless a back end says otherwise.
     */
    default long largestEntryBytes(CacheSettings settings) {
        return Long.MAX_VALUE;
    }

    /** Releases the back end (flushes the disk tier, closes connections). */
    @Override
    void close();
}
