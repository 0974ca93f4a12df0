package dev.prism.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.config.BreakerSettings;
import dev.prism.core.config.CacheSettings.OnUnavailable;
import dev.prism.core.config.ConfigException;
import dev.prism.core.config.RedisSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheReachabilityTest {
    private final FakeAnswerStore store = new FakeAnswerStore();

    private GuardedAnswerStore guarded(RedisSettings redis) {
        return new GuardedAnswerStore(store, new StoreTarget("Redis at " + redis.hostAndPort(), redis.urlSetting(),
                redis::redact), Optional.of(redis.timeout()), new BreakerSettings(1, Duration.ofMinutes(1), Duration.ofHours(1)),
                "cacheable requests bypass the cache");
    }

    private static RedisSettings unreachable(String setting) throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        return RedisSettings.DEFAULT.withUrl("redis://127.0.0.1:" + port, setting);
    }

    @Test
    void anUnreachableStoreStopsStartUpWhenTheCacheMustNotBeBypassed() throws IOException {
        RedisSettings redis = unreachable("cache.redis_url");
        CacheReachability check = new CacheReachability(guarded(redis), Optional.of(redis), OnUnavailable.FAIL);

        assertThatThrownBy(check::run).isInstanceOf(ConfigException.class)
                .hasMessage("cache.redis_url: cannot reach Redis at " + redis.hostAndPort()
                        + " within 250ms: connection refused (cache.on_unavailable is fail: Prism does not start"
                        + " without its cache)");
    }

    @Test
    void anUnreachableStoreIsBypassedFromTheFirstRequestOtherwise() throws IOException {
        RedisSettings redis = unreachable("redis.url");
        GuardedAnswerStore guarded = guarded(redis);

        new CacheReachability(guarded, Optional.of(redis), OnUnavailable.BYPASS).run();

        assertThatThrownBy(() -> guarded.get("k")).isInstanceOf(CacheUnavailableException.class);
        assertThat(store.calls).as("calls that reached the store").hasValue(0);
    }

    @Test
    void aStoreThatTakesConnectionsButFailsAReadIsOutOfReachToo() throws IOException {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RedisSettings redis = RedisSettings.DEFAULT.withUrl("redis://127.0.0.1:" + listening.getLocalPort(), "redis.url");
            store.failingWith(new IllegalStateException("WRONGPASS invalid username-password pair"));
            CacheReachability check = new CacheReachability(guarded(redis), Optional.of(redis), OnUnavailable.FAIL);

            assertThatThrownBy(check::run).isInstanceOf(ConfigException.class).hasMessageStartingWith("redis.url: Redis at "
                    + redis.hostAndPort() + " did not answer a first read within 10s: IllegalStateException: WRONGPASS");
        }
    }

    @Test
    void aStoreThatAnswersStartsInUse() {
        RedisSettings redis = RedisSettings.DEFAULT;
        GuardedAnswerStore guarded = guarded(redis);

        new CacheReachability(guarded, Optional.empty(), OnUnavailable.FAIL).run();

        assertThat(guarded.get("k")).isNull();
        assertThat(store.calls).hasValue(2);
    }
}
