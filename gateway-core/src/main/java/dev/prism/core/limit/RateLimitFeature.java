package dev.prism.core.limit;

import com.google.inject.Module;
import dev.prism.core.config.ConfigNode;
import dev.prism.core.config.RedisSettings;
import dev.prism.core.feature.BannerLine;
import dev.prism.core.feature.FeatureSettings;
import dev.prism.core.feature.GatewayFeature;
import dev.prism.core.redis.RedisFeature;
import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code rate_limit:} section: where the limits of keys, models and providers (each set on
 * them, under {@code rate_limit:}) are counted, and what requests get while that store is out of
 * reach. The limiter is always wired: a call whose key and model have no limit passes it at the
 * cost of two map lookups.
 */
public final class RateLimitFeature implements GatewayFeature<LimitSettings> {
    @Override
    public String configKey() {
        return "rate_limit";
    }

    @Override
    public Class<LimitSettings> settingsType() {
        return LimitSettings.class;
    }

    @Override
    public LimitSettings read(ConfigNode node, FeatureSettings others) {
        RedisSettings shared = others.of(RedisSettings.class);
        LimitSettings d = LimitSettings.DEFAULT;
        if (node.isMissing()) {
            return new LimitSettings(d.store(), shared, d.onStoreError());
        }
        String store = node.string("store").orElse(d.store());
        if (!store.matches("[a-z][a-z0-9-]*")) {
            throw node.error("store", "expected the name of a limit store such as local or redis");
        }
        Optional<String> ownUrl = node.string("redis_url");
        ownUrl.ifPresent(url -> RedisFeature.checkUrl(node, "redis_url", url));
        RedisSettings redis = ownUrl.map(url -> shared.withUrl(url, node.path() + ".redis_url")).orElse(shared);
        String onError = node.string("on_store_error").orElse(d.onStoreError().configName());
        LimitSettings.OnStoreError onStoreError = Arrays.stream(LimitSettings.OnStoreError.values())
                .filter(o -> o.configName().equals(onError)).findFirst()
                .orElseThrow(() -> node.error("on_store_error", "expected allow or deny, not '" + onError + "'"));
        node.rejectUnknownKeys();
        return new LimitSettings(store, redis, onStoreError);
    }

    @Override
    public Optional<Module> module(LimitSettings settings) {
        return Optional.of(new RateLimitModule(settings));
    }

    @Override
    public Optional<BannerLine> bannerLine(LimitSettings settings) {
        if (settings.store().equals("local")) {
            return Optional.empty();
        }
        // Only host and port: a Redis URL may hold a password.
        return Optional.of(new BannerLine("rate limits", settings.store().equals("redis")
                ? "counted in Redis at " + settings.redis().hostAndPort() + " (on_store_error: "
                        + settings.onStoreError().configName() + ")"
                : "counted in " + settings.store()));
    }
}
