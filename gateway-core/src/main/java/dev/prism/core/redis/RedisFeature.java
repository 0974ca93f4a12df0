package dev.prism.core.redis;

import dev.prism.core.config.BreakerSettings;
import dev.prism.core.config.ConfigNode;
import dev.prism.core.config.RedisSettings;
import dev.prism.core.feature.FeatureSettings;
import dev.prism.core.feature.GatewayFeature;
import java.net.URI;
import java.time.Duration;

/**
 * The {@code redis:} section: the connection every Redis user shares. It wires nothing itself;
 * the features that use Redis (the cache's redis back end, ...) read its {@link RedisSettings}
 * through {@link FeatureSettings#of(Class)}.
 */
public final class RedisFeature implements GatewayFeature<RedisSettings> {
    @Override
    public String configKey() {
        return "redis";
    }

    @Override
    public Class<RedisSettings> settingsType() {
        return RedisSettings.class;
    }

    @Override
    public RedisSettings read(ConfigNode node, FeatureSettings others) {
        RedisSettings d = RedisSettings.DEFAULT;
        String url = node.string("url").orElse(d.url());
        checkUrl(node, "url", url);
        Duration timeout = node.duration("timeout").orElse(d.timeout());
        if (timeout.isZero()) {
            throw node.error("timeout", "must be at least 1ms");
        }
        BreakerSettings breaker = BreakerSettings.read(node.child("circuit_breaker"), d.breaker());
        node.rejectUnknownKeys();
        return new RedisSettings(url, node.path() + ".url", timeout, breaker);
    }

    /**
     * Refuses what no Redis client can connect to, without quoting the URL: it may hold a password.
     * For every setting that holds a Redis URL ({@code redis.url}, {@code cache.redis_url}).
     */
    public static void checkUrl(ConfigNode node, String key, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw node.error(key, "not a URL; expected redis://HOST:PORT (or rediss:// for TLS)");
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw node.error(key, "expected redis://HOST:PORT (or rediss:// for TLS), not a " + uri.getScheme() + " URL");
        }
        if (uri.getHost() == null) {
            throw node.error(key, "the URL names no host; expected redis://HOST:PORT");
        }
    }
}
