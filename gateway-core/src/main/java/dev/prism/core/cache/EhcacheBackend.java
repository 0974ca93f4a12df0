package dev.prism.core.cache;

import dev.prism.core.config.CacheSettings;
import java.net.URI;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.ehcache.config.CacheConfiguration;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.core.config.DefaultConfiguration;
import org.ehcache.impl.config.persistence.DefaultPersistenceConfiguration;
import org.ehcache.jsr107.Eh107Configuration;
import org.ehcache.jsr107.EhcacheCachingProvider;

/**
 * The embedded cache: Ehcache 3 through its JCache provider. The memory tier is Ehcache's off-heap
 * tier of {@code memory_mb}: entries are stored there as bytes and counted exactly, overhead
 * included, with no object sizing (which needs reflection into the JDK and an agent). An optional
 * persistent disk tier of {@code disk_mb} under {@code dir} keeps entries across restarts.
 */
public final class EhcacheBackend implements CacheBackend {
    static final String CACHE_NAME = "prism-answers";

    /**
     * With a disk tier Ehcache needs a heap tier on top. It holds the entries read last, by
     * reference and outside the memory tier's count, so it is kept to a few entries.
     */
    static final long HEAP_ENTRIES = 4;

    /**
     * Ehcache logs at INFO each cache it creates, each MBean it registers and each buffer it
     * allocates: nothing an operator acts on. Its loggers start at WARNING unless the logging
     * configuration names a level for them. Held strongly: java.util.logging forgets the level of a
     * logger nobody references. (Ehcache logs through SLF4J, which the gateway binds to JUL.)
     */
    private static final Logger EHCACHE_LOGGER = Logger.getLogger("org.ehcache");

    private CacheManager manager;
    /** Closed for good: an opening that comes after (one in the background, say) must not leave a cache open. */
    private boolean closed;

    @Override
    public String name() {
        return "ehcache";
    }

    @Override
    public long largestEntryBytes(CacheSettings settings) {
        // An entry must fit in the memory tier next to its own overhead; Ehcache refuses (and logs a
        // stack trace) when it does not. Half the tier always fits, and keeps room for another entry.
        return bytes(settings.memoryMb()) / 2;
    }

    @Override
    public synchronized Cache<String, byte[]> open(CacheSettings settings, Duration maxTtl) {
        if (closed) {
            throw new IllegalStateException("the embedded cache is closed");
        }
        if (EHCACHE_LOGGER.getLevel() == null) {
            EHCACHE_LOGGER.setLevel(Level.WARNING);
        }
        DirectMemory.requireRoomFor(bytes(settings.memoryMb()), "cache.memory_mb");
        CachingProvider provider = Caching.getCachingProvider(EhcacheCachingProvider.class.getName(),
                EhcacheBackend.class.getClassLoader());
        EhcacheCachingProvider ehcache = (EhcacheCachingProvider) provider;
        ResourcePoolsBuilder pools = ResourcePoolsBuilder.newResourcePoolsBuilder().offheap(settings.memoryMb(), MemoryUnit.MB);
        DefaultConfiguration configuration;
        if (settings.diskMb() > 0) {
            pools = pools.heap(HEAP_ENTRIES, EntryUnit.ENTRIES).disk(settings.diskMb(), MemoryUnit.MB, true);
            configuration = new DefaultConfiguration(EhcacheBackend.class.getClassLoader(),
                    new DefaultPersistenceConfiguration(settings.dir().toAbsolutePath().toFile()));
        } else {
            configuration = new DefaultConfiguration(EhcacheBackend.class.getClassLoader());
        }
        manager = ehcache.getCacheManager(URI.create("prism:" + settings.dir().toAbsolutePath()), configuration);
        Cache<String, byte[]> existing = manager.getCache(CACHE_NAME, String.class, byte[].class);
        if (existing != null) {
            return existing;
        }
        CacheConfiguration<String, byte[]> config = CacheConfigurationBuilder
                .newCacheConfigurationBuilder(String.class, byte[].class, pools)
                .withExpiry(ExpiryPolicyBuilder.timeToLiveExpiration(maxTtl))
                .build();
        return manager.createCache(CACHE_NAME, Eh107Configuration.fromEhcacheCacheConfiguration(config));
    }

    private static long bytes(long mb) {
        return MemoryUnit.MB.toBytes(mb);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }
}
