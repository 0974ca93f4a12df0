package dev.prism.core.pipeline;

import java.time.Duration;
import java.util.Optional;

/**
 * What the client asked of the cache for one request.
 *
 * @param noCache skip the lookup, call the upstream and refresh the entry ({@code Cache-Control: no-cache})
 * @param noStore neither read nor write the cache ({@code Cache-Control: no-store})
 * @param ttl this entry's time to live ({@code x-prism-cache-ttl}), or empty for the configured one
 */
public record CacheDirectives(boolean noCache, boolean noStore, Optional<Duration> ttl) {
    public static final CacheDirectives NONE = new CacheDirectives(false, false, Optional.empty());
}
