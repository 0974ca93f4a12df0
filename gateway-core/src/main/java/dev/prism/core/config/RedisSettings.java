package dev.prism.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code redis:} section that every Redis user shares (the cache, and later ones), or the
 * connection one of them overrides ({@code cache.redis_url}).
 *
 * @param url {@code redis://[user:password@]host[:port][/db]} or {@code rediss://...}; may hold a
 *     password, so it never goes into a message as is: use {@link #hostAndPort()}
 * @param urlSetting the setting the URL came from ({@code redis.url} or {@code cache.redis_url}),
 *     named in start-up errors
 * @param timeout the longest one Redis call may take before it counts as failed
 * @param breaker when failed calls stop being tried for a while
 */
public record RedisSettings(String url, String urlSetting, Duration timeout, BreakerSettings breaker) {
    /**
     * A cache call that fails costs its request the timeout, so the breaker opens after a few and
     * lets one probe through every few seconds; an outage then costs almost nothing per request.
     */
    public static final BreakerSettings DEFAULT_BREAKER = new BreakerSettings(3, Duration.ofSeconds(10), Duration.ofSeconds(5));
    public static final RedisSettings DEFAULT = new RedisSettings("redis://127.0.0.1:6379", "redis.url", Duration.ofMillis(250),
            DEFAULT_BREAKER);

    public RedisSettings {
        Objects.requireNonNull(url, "url is null");
        Objects.requireNonNull(urlSetting, "urlSetting is null");
        Objects.requireNonNull(timeout, "timeout is null");
        Objects.requireNonNull(breaker, "breaker is null");
    }

    /** The same connection settings with another URL, read from {@code setting}. */
    public RedisSettings withUrl(String otherUrl, String setting) {
        return new RedisSettings(otherUrl, setting, timeout, breaker);
    }

    /** {@code host:port} of the URL, without scheme, credentials or database: safe for logs. */
    public String hostAndPort() {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() != null) {
                return uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
            }
        } catch (IllegalArgumentException e) {
            // not a URI: fall through
        }
        return "(unparsable address)";
    }

    /** {@code text} with the URL's credentials, if any, masked: for messages that quote a client library. */
    public String redact(String text) {
        try {
            String userInfo = URI.create(url).getRawUserInfo();
            if (userInfo != null && !userInfo.isEmpty()) {
                text = text.replace(userInfo, "****");
                int colon = userInfo.indexOf(':');
                if (colon >= 0 && colon + 1 < userInfo.length()) {
                    text = text.replace(userInfo.substring(colon + 1), "****");
                }
            }
        } catch (IllegalArgumentException e) {
            return text.replace(url, "(redis url)");
        }
        return text;
    }
}
