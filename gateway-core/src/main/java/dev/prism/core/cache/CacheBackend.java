package dev.prism.core.cache;

import dev.prism.core.config.CacheSettings;
import java.time.Duration;
import javax.cache.Cache;

/**
 * Where cached answers live. The embedded default is Ehcache (memory and disk, through JCache); a
 * plugin jar can add another (Redis) by declaring its backend in
 * {@code META-INF/services/dev.prism.core.cache.CacheBackend}. The operator picks one by name in
 * {@code cache.provider}.
 *
 * <p>A back end implements {@link #openStore} (a store that expires each entry at its own TTL) or,
 * when it is built on a JCache provider, {@link #open}. Every call the host makes into the store is
 * bounded by a timeout and a circuit breaker of the host's, so a back end needs neither.
 */
public interface CacheBackend extends AutoCloseable {
    /** The name operators write in {@code cache.provider}. */
    String name();

    /**
     * Opens (or creates) the store of answers. Must not wait for a remote server that is down: the
     * host checks reachability itself, with its own timeout, and may run without the cache.
     *
     * <p>The default adapts {@link #open}: JCache has one expiry for the whole cache, {@code maxTtl}.
     *
     * @param maxTtl the longest any entry may live
     */
    default AnswerStore openStore(CacheSettings settings, Duration maxTtl) {
        return AnswerStore.over(open(settings, maxTtl));
    }

    /**
     * Opens (or creates) the cache of answers as JCache, for back ends built on a JCache provider.
     * A back end that implements {@link #openStore} need not implement this.
     *
     * @param maxTtl the longest any entry may live; the back end may drop entries after it
     */
    default Cache<String, byte[]> open(CacheSettings settings, Duration maxTtl) {
        throw new UnsupportedOperationException("cache back end '" + name() + "' implements neither open nor openStore");
    }

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
