package dev.prism.plugin.cache.redis;

import dev.prism.core.cache.CacheBackend;
import dev.prism.core.config.CacheSettings;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;
import org.redisson.config.Config;
import org.redisson.jcache.JCachingProvider;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * {@code cache.provider: redis}: answers kept in Redis through Redisson's JCache provider, so every
 * gateway of a cluster that points at the same Redis shares one cache.
 */
public final class RedisCacheBackend implements CacheBackend {
    static final String CACHE_NAME = "prism-answers";

    private CacheManager manager;

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public synchronized Cache<String, byte[]> open(CacheSettings settings, Duration maxTtl) {
        Config redis = new Config();
        redis.setCodec(new CompositeCodec(StringCodec.INSTANCE, ByteArrayCodec.INSTANCE));
        redis.useSingleServer().setAddress(settings.redisUrl()).setConnectionMinimumIdleSize(2);
        MutableConfiguration<String, byte[]> jcache = new MutableConfiguration<String, byte[]>()
                .setTypes(String.class, byte[].class)
                .setStoreByValue(true)
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                        new javax.cache.expiry.Duration(TimeUnit.SECONDS, Math.max(1, maxTtl.toSeconds()))));
        // A manager of our own (not the JVM-wide default), so two gateways in one JVM are as separate
        // as two on different machines, and closing this one closes only its connections.
        manager = Caching.getCachingProvider(JCachingProvider.class.getName(), RedisCacheBackend.class.getClassLoader())
                .getCacheManager(URI.create("prism-redis:" + UUID.randomUUID()), RedisCacheBackend.class.getClassLoader());
        return manager.createCache(CACHE_NAME, RedissonConfiguration.fromConfig(redis, jcache));
    }

    @Override
    public synchronized void close() {
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }
}
