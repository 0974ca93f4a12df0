package dev.prism.plugin.cache.redis;

import dev.prism.core.cache.AnswerStore;
import java.time.Duration;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;

/** Each entry under a Redis key of its own ({@code prism-answers:<sha256>}), set with its TTL as expiry. */
final class RedisAnswerStore implements AnswerStore {
    static final String KEY_PREFIX = "prism-answers:";

    private final RedissonClient client;

    RedisAnswerStore(RedissonClient client) {
        this.client = client;
    }

    @Override
    public byte[] get(String key) {
        return bucket(key).get();
    }

    @Override
    public void put(String key, byte[] entry, Duration ttl) {
        if (ttl.toMillis() < 1) {
            return; // already expired: Redis refuses a zero expiry, and nobody could read it anyway
        }
        bucket(key).set(entry, ttl);
    }

    @Override
    public void remove(String key) {
        bucket(key).delete();
    }

    private RBucket<byte[]> bucket(String key) {
        return client.getBucket(KEY_PREFIX + key);
    }
}
