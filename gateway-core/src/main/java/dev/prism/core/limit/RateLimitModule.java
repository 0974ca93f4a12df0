package dev.prism.core.limit;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.prism.core.ReadinessCheck;
import dev.prism.core.StartupCheck;
import dev.prism.core.config.ConfigException;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.config.ProviderSettings;
import dev.prism.core.config.RateLimit;
import dev.prism.core.failover.TargetAdmission;
import dev.prism.core.keys.StoredKeyLookup;
import dev.prism.core.pipeline.CallPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Wires the {@link RateLimiter}: its admission and metering policies, its check before each
 * target, and its store: {@code local} built in, another by name from a plugin jar.
 */
final class RateLimitModule extends AbstractModule {
    private final LimitSettings settings;

    RateLimitModule(LimitSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        Multibinder<CallPolicy> policies = Multibinder.newSetBinder(binder(), CallPolicy.class);
        policies.addBinding().to(RequestLimitPolicy.class);
        policies.addBinding().to(UnitLimitPolicy.class);
        OptionalBinder.newOptionalBinder(binder(), TargetAdmission.class).setBinding().to(RateLimiter.class);
        Multibinder.newSetBinder(binder(), AutoCloseable.class).addBinding().to(LimitStore.class);
        bind(LimitSettings.class).toInstance(settings);
    }

    @Provides
    @Singleton
    LimitStore store(Clock clock) {
        if (settings.store().equals("local")) {
            return new LocalLimitStore(clock);
        }
        List<LimitBackend> available = new ArrayList<>();
        ServiceLoader.load(LimitBackend.class, RateLimitModule.class.getClassLoader()).forEach(available::add);
        LimitBackend backend = available.stream().filter(b -> b.name().equals(settings.store())).findFirst()
                .orElseThrow(() -> new ConfigException("rate_limit.store", "no limit store '" + settings.store()
                        + "'. Available: local" + available.stream().map(b -> ", " + b.name()).collect(Collectors.joining())
                        + (settings.store().equals("redis") ? " (the redis store is the prism-plugin-limits-redis jar)" : "")));
        String meanwhile = settings.onStoreError() == LimitSettings.OnStoreError.ALLOW
                ? "requests go through without rate limits (rate_limit.on_store_error: allow)"
                : "requests with rate limits are refused with 503 (rate_limit.on_store_error: deny)";
        return new GuardedLimitStore(backend.open(settings, clock), settings.redis().breaker(), meanwhile);
    }

    @Provides
    @Singleton
    LimitOutages outages() {
        return new LimitOutages();
    }

    @Provides
    @Singleton
    RateLimiter limiter(LimitStore store, GatewayConfig config, StoredKeyLookup storedKeys, LimitOutages outages) {
        Map<String, RateLimit> providers = config.providers().values().stream()
                .filter(p -> !p.rateLimit().isNone())
                .collect(Collectors.toUnmodifiableMap(ProviderSettings::name, ProviderSettings::rateLimit));
        return new RateLimiter(store, new KeyLimits(config.keys(), storedKeys), providers, settings.onStoreError(), outages);
    }

    @Provides
    RequestLimitPolicy requestPolicy(RateLimiter limiter) {
        return new RequestLimitPolicy(limiter);
    }

    @Provides
    UnitLimitPolicy unitPolicy(RateLimiter limiter) {
        return new UnitLimitPolicy(limiter);
    }

    /**
     * With {@code on_store_error: deny}, requests with limits are refused while the shared store is
     * out of reach: the gateway is not ready then. With {@code allow} it serves anyway.
     */
    @ProvidesIntoSet
    ReadinessCheck readiness(LimitStore store) {
        if (!(store instanceof GuardedLimitStore guarded) || settings.onStoreError() != LimitSettings.OnStoreError.DENY) {
            return Optional::empty;
        }
        return () -> guarded.answersNow() ? Optional.empty()
                : Optional.of("rate limit store unreachable (rate_limit.on_store_error: deny)");
    }

    @ProvidesIntoSet
    StartupCheck reachability(LimitStore store) {
        return store instanceof GuardedLimitStore guarded ? new LimitReachability(guarded, settings) : () -> { };
    }
}
