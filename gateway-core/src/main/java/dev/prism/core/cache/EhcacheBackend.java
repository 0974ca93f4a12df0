package dev.prism.core.cache;

import dev.prism.core.config.CacheSettings;
import java.net.URI;
import java.time.Duration;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.ehcache.config.CacheConfiguration;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.core.config.DefaultConfiguration;
import org.ehcache.impl.config.persistence.DefaultPersistenceConfiguration;
import org.ehcache.jsr107.Eh107Configuration;
import org.ehcache.jsr107.EhcacheCachingProvider;

/**
 * The embedded cache: Ehcache 3 through its JCache provider, with a heap tier and a persistent disk
 * tier sized in megabytes, so entries survive a restart.
 */
public final class EhcacheBackend implements CacheBackend {
    static final String CACHE_NAME = "prism-answers";

    private CacheManager manager;

    @Override
    public String name() {
        return "ehcache";
    }

    @Override
    public synchronized Cache<String, byte[]> open(CacheSettings settings, Duration maxTtl) {
        CachingProvider provider = Caching.getCachingProvider(EhcacheCachingProvider.class.getName(),
                EhcacheBackend.class.getClassLoader());
        EhcacheCachingProvider ehcache = (EhcacheCachingProvider) provider;
        ResourcePoolsBuilder pools = ResourcePoolsBuilder.newResourcePoolsBuilder().heap(settings.heapMb(), MemoryUnit.MB);
        DefaultConfiguration configuration;
        if (settings.diskMb() > 0) {
            pools = pools.disk(Math.max(settings.diskMb(), settings.heapMb() + 1), MemoryUnit.MB, true);
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
                .withSizeOfMaxObjectGraph(10_000)
                .build();
        return manager.createCache(CACHE_NAME, Eh107Configuration.fromEhcacheCacheConfiguration(config));
    }

    @Override
    public synchronized void close() {
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }
}
