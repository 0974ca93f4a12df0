package dev.prism.core.cache;

import dev.prism.core.StartupCheck;
import dev.prism.core.config.CacheSettings.OnUnavailable;
import dev.prism.core.config.ConfigException;
import dev.prism.core.config.RedisSettings;
import dev.prism.core.redis.RedisReachability;
import java.time.Duration;
import java.util.Optional;

/**
 * At start-up, checks that the cache's store answers: a remote store's address must take a
 * connection within its timeout, then one read through the back end must succeed within
 * {@link #FIRST_READ_BOUND} (a cold client library connects slowly the first time). A store out of
 * reach stops the gateway with {@code cache.on_unavailable: fail}; otherwise the gateway starts
 * with the cache bypassed, says so in one line, and uses the cache once the store answers.
 */
final class CacheReachability implements StartupCheck {
    /** Enough for a cold Redis client on a busy machine to connect and answer (up to 7 s seen on a loaded 2-core box). */
    static final Duration FIRST_READ_BOUND = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(CacheReachability.class.getName());

    private final GuardedAnswerStore store;
    private final Optional<RedisSettings> remote;
    private final OnUnavailable onUnavailable;

    /** @param remote the Redis whose address is checked first, or empty for an embedded store */
    CacheReachability(GuardedAnswerStore store, Optional<RedisSettings> remote, OnUnavailable onUnavailable) {
        this.store = store;
        this.remote = remote;
        this.onUnavailable = onUnavailable;
    }

    @Override
    public void run() {
        StoreTarget target = store.target();
        Optional<String> problem = remote.flatMap(redis -> RedisReachability.problem(redis)
                        .map(reason -> "cannot reach " + target.description() + " within " + redis.timeout().toMillis()
                                + "ms: " + reason))
                .or(() -> store.warmUp(FIRST_READ_BOUND).map(reason -> target.description()
                        + " did not answer a first read within " + FIRST_READ_BOUND.toSeconds() + "s: " + reason));
        problem.ifPresent(tried -> {
            if (onUnavailable == OnUnavailable.FAIL) {
                throw new ConfigException(target.setting(), tried
                        + " (cache.on_unavailable is fail: Prism does not start without its cache)");
            }
            store.startUnavailable(tried);
            LOG.log(System.Logger.Level.WARNING, "{0}: {1}; serving with the cache bypassed until it answers"
                    + " (cache.on_unavailable: bypass)", target.setting(), tried);
        });
    }
}
