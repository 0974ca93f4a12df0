package dev.prism.plugin.cache.redis;

import dev.prism.core.cache.AnswerStore;
import dev.prism.core.cache.CacheBackend;
import dev.prism.core.config.CacheSettings;
import dev.prism.core.config.RedisSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;

/**
 * {@code cache.provider: redis}: answers kept in Redis, so every gateway of a cluster that points
 * at the same Redis shares one cache. Each entry is a Redis key of its own with its own expiry
 * (Redisson's native API: JCache's expiry policy is one for the whole cache), so Redis frees it at
 * its TTL.
 */
public final class RedisCacheBackend implements CacheBackend {
    private static final int CLIENT_TIMEOUT_MILLIS = 5_000;

    private RedissonClient client;

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public synchronized AnswerStore openStore(CacheSettings settings, Duration maxTtl) {
        RedisSettings redis = settings.redis();
        int timeoutMillis = (int) Math.min(redis.timeout().toMillis(), Integer.MAX_VALUE);
        Config config = new Config();
        config.setCodec(ByteArrayCodec.INSTANCE);
        // Connect on the first call, not here: the host checks reachability with its own bound and may
        // start without Redis, using it once it answers.
        config.setLazyInitialization(true);
        config.useSingleServer()
                .setAddress(redis.url())
                .setConnectionMinimumIdleSize(2)
                // The host bounds every call by redis.timeout itself. The client's own limits are looser, so a
                // connection being set up (the first on a cold JVM takes a second or more) can finish in the
                // background and serve the calls after it.
                .setConnectTimeout(Math.max(timeoutMillis, CLIENT_TIMEOUT_MILLIS))
                .setTimeout(Math.max(timeoutMillis, CLIENT_TIMEOUT_MILLIS))
                // One try per call: the host's circuit breaker decides when Redis is worth another.
                .setRetryAttempts(0);
        client = Redisson.create(config);
        return new RedisAnswerStore(client);
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            // No quiet period: nothing waits for answers any more, and a gateway that stops should stop now.
            client.shutdown(0, 2, TimeUnit.SECONDS);
            client = null;
        }
    }
}
