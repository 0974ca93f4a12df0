package dev.prism.core.cache;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.prism.core.BackgroundStart;
import dev.prism.core.ReadinessCheck;
import dev.prism.core.StartupCheck;
import dev.prism.core.config.BreakerSettings;
import dev.prism.core.config.CacheSettings;
import dev.prism.core.config.ConfigException;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.config.RedisSettings;
import dev.prism.core.pipeline.CallPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;

/**
 * Adds the response cache to the policy chain. Installed only when {@code cache.enabled} is true;
 * the back end is the one named by {@code cache.provider}: Ehcache built in, others from plugins.
 */
public final class CacheModule extends AbstractModule {
    /**
     * Answers larger than this are passed through but not stored. Each miss in flight holds its copy
     * on the heap until the answer completes, so this bounds what a burst of misses can take: 32 MiB
     * holds a five-minute wav clip or ten large base64 images.
     */
    static final long MAX_ENTRY_BYTES = 32L * 1024 * 1024;
    private final CacheSettings settings;

    public CacheModule(CacheSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), CallPolicy.class).addBinding().to(ResponseCache.class);
        Multibinder.newSetBinder(binder(), AutoCloseable.class).addBinding().to(CacheBackend.class);
    }

    @Provides
    @Singleton
    CacheBackend backend() {
        List<CacheBackend> available = new ArrayList<>();
        available.add(new EhcacheBackend());
        ServiceLoader.load(CacheBackend.class, CacheModule.class.getClassLoader()).forEach(available::add);
        return available.stream().filter(b -> b.name().equals(settings.provider())).findFirst()
                .orElseThrow(() -> new ConfigException("cache.provider", "no cache back end '" + settings.provider()
                        + "'. Available: " + String.join(", ", available.stream().map(CacheBackend::name).toList())
                        + (settings.provider().equals("redis") ? " (the redis back end is the prism-plugin-cache-redis jar)" : "")));
    }

    /**
     * The embedded cache in memory only is opened once the gateway listens (nothing outside the
     * process can keep it from opening, and opening takes a few hundred milliseconds); any other
     * store now, so that a disk tier or a server it cannot use is reported at start.
     */
    @Provides
    @Singleton
    AnswerStore answers(CacheBackend backend, GatewayConfig config) {
        Duration maxTtl = ResponseCache.longestTtl(settings, config.models().values());
        if (backend instanceof EhcacheBackend && settings.diskMb() == 0) {
            return new OpeningAnswerStore(() -> backend.openStore(settings, maxTtl));
        }
        return backend.openStore(settings, maxTtl);
    }

    @ProvidesIntoSet
    BackgroundStart opening(AnswerStore store) {
        return store instanceof OpeningAnswerStore opening ? opening : () -> { };
    }

    @Provides
    @Singleton
    GuardedAnswerStore store(AnswerStore store) {
        String whileUnavailable = settings.onUnavailable() == CacheSettings.OnUnavailable.FAIL
                ? "cacheable requests are refused with 503 (cache.on_unavailable: fail)"
                : "cacheable requests bypass the cache (cache.on_unavailable: bypass)";
        if (settings.provider().equals("redis")) {
            RedisSettings redis = settings.redis();
            return new GuardedAnswerStore(store, new StoreTarget("Redis at " + redis.hostAndPort(), redis.urlSetting(),
                    redis::redact), Optional.of(redis.timeout()), redis.breaker(), whileUnavailable);
        }
        // The embedded store has no network to wait for: its calls run in the request's thread, breaker only.
        return new GuardedAnswerStore(store, new StoreTarget("the " + settings.provider() + " cache", "cache.dir",
                UnaryOperator.identity()), Optional.empty(), BreakerSettings.DEFAULT, whileUnavailable);
    }

    @Provides
    @Singleton
    ResponseCache responseCache(GuardedAnswerStore store, CacheBackend backend, GatewayConfig config, Clock clock) {
        long maxEntryBytes = Math.min(MAX_ENTRY_BYTES, backend.largestEntryBytes(settings));
        return new ResponseCache(settings, store, clock, maxEntryBytes, config.routing().deadline());
    }

    @Provides
    CacheOutages outages(ResponseCache cache) {
        return cache.outages();
    }

    /**
     * With {@code on_unavailable: fail} a store out of reach refuses every cacheable request, so the
     * gateway is not ready; a cache that is bypassed never keeps it from taking traffic.
     */
    @ProvidesIntoSet
    ReadinessCheck readiness(GuardedAnswerStore store) {
        if (settings.onUnavailable() != CacheSettings.OnUnavailable.FAIL) {
            return Optional::empty;
        }
        return () -> store.answersNow() ? Optional.empty()
                : Optional.of("cache store unreachable (cache.on_unavailable: fail)");
    }

    @ProvidesIntoSet
    StartupCheck reachability(GuardedAnswerStore store, AnswerStore answers) {
        if (answers instanceof OpeningAnswerStore) {
            // In memory: nothing to reach, and a first read would open it before the gateway listens.
            return () -> { };
        }
        Optional<RedisSettings> remote = settings.provider().equals("redis") ? Optional.of(settings.redis()) : Optional.empty();
        return new CacheReachability(store, remote, settings.onUnavailable());
    }
}
