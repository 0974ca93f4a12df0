package dev.prism.core.cache;

import dev.prism.api.ImageRequest;
import dev.prism.api.MediaResponse;
import dev.prism.core.config.CacheSettings;
import dev.prism.core.pipeline.CallPolicy;
import dev.prism.core.pipeline.GatewayResponse;
import dev.prism.core.pipeline.MediaCall;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;

/**
 * Answers identical requests from a JCache cache. A miss streams the upstream's answer to the
 * client while keeping a copy, stored only once the answer completed. Concurrent identical misses
 * are coalesced: one goes upstream, the others wait for its entry. Only successful answers are
 * stored: failures arrive here as exceptions and pass straight through. Nor are answers that link
 * to files this gateway published ({@link MediaResponse#linksPublishedMedia()}).
 *
 * <p>Every answer for a cached endpoint says what happened in {@code x-prism-cache}: {@code HIT},
 * {@code MISS} (also when {@code Cache-Control: no-cache} refreshed the entry) or {@code BYPASS}
 * ({@code no-store}).
 */
public final class ResponseCache implements CallPolicy {
    /** Upstream image links expire after an hour; entries that hold such links must go first. */
    static final Duration LINKED_IMAGE_TTL = Duration.ofMinutes(50);
    /** The longest TTL a client may ask for with {@code x-prism-cache-ttl} beyond the configured one. */
    static final Duration LONGEST_REQUESTED_TTL = Duration.ofDays(7);
    private static final System.Logger LOG = System.getLogger(ResponseCache.class.getName());

    private final CacheSettings settings;
    private final Cache<String, byte[]> cache;
    private final Clock clock;
    private final long maxEntryBytes;
    private final Duration maxWait;
    private final Map<String, CountDownLatch> inFlight = new ConcurrentHashMap<>();

    /** @param maxWait how long a coalesced request waits for the one that went upstream */
    public ResponseCache(CacheSettings settings, Cache<String, byte[]> cache, Clock clock, long maxEntryBytes,
            Duration maxWait) {
        this.settings = settings;
        this.cache = cache;
        this.clock = clock;
        this.maxEntryBytes = maxEntryBytes;
        this.maxWait = maxWait;
    }

    /** The longest TTL an entry can have, for the back end's own expiry. */
    public static Duration maxTtl(CacheSettings settings) {
        return settings.ttl().compareTo(LONGEST_REQUESTED_TTL) > 0 ? settings.ttl() : LONGEST_REQUESTED_TTL;
    }

    @Override
    public int order() {
        return -100;
    }

    @Override
    public GatewayResponse apply(MediaCall call, Next next) {
        if (!cacheable(call)) {
            return next.proceed(call);
        }
        if (call.cache().noStore()) {
            return next.proceed(call).withHeader(GatewayResponse.CACHE, "BYPASS");
        }
        String key = CacheKeys.of(call.request(), settings.privateToKey() ? call.key().name() : "");
        if (call.cache().noCache()) {
            return miss(call, next, key, null);
        }
        GatewayResponse hit = lookup(key);
        if (hit != null) {
            return hit;
        }
        CountDownLatch mine = new CountDownLatch(1);
        CountDownLatch leader = inFlight.putIfAbsent(key, mine);
        if (leader == null) {
            // A leader that finished between our lookup and now has stored its answer: look again.
            GatewayResponse stored = lookup(key);
            if (stored != null) {
                release(key, mine);
                return stored;
            }
            return miss(call, next, key, mine);
        }
        awaitQuietly(leader);
        hit = lookup(key);
        // The leader failed or its answer could not be stored: this request goes upstream itself.
        return hit != null ? hit : miss(call, next, key, null);
    }

    private boolean cacheable(MediaCall call) {
        return call.route().cache().orElse(settings.endpoints().contains(call.request().operation()));
    }

    private GatewayResponse lookup(String key) {
        byte[] stored;
        try {
            stored = cache.get(key);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Cache lookup failed; answering from the upstream: {0}", e.toString());
            return null;
        }
        if (stored == null) {
            return null;
        }
        CachedAnswer answer = CachedAnswer.decode(stored);
        if (answer == null || answer.expiredAt(clock.instant())) {
            removeQuietly(key);
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>(answer.headers());
        headers.put(GatewayResponse.CACHE, "HIT");
        return new GatewayResponse(MediaResponse.of(answer.contentType(), answer.body()), headers);
    }

    private GatewayResponse miss(MediaCall call, Next next, String key, CountDownLatch leading) {
        GatewayResponse response;
        try {
            response = next.proceed(call);
        } catch (RuntimeException e) {
            release(key, leading);
            throw e;
        }
        MediaResponse media = response.media();
        if (media.linksPublishedMedia()) {
            // Its links work only on this gateway and only while it runs: a hit on another gateway of
            // a shared cache, after a restart, or once the files made room would link to nothing.
            release(key, leading);
            return response.withHeader(GatewayResponse.CACHE, "MISS");
        }
        Duration ttl = ttl(call);
        Map<String, String> headers = response.headers();
        StoringInputStream tee = new StoringInputStream(media.body(), maxEntryBytes,
                body -> store(key, new CachedAnswer(media.contentType(), headers, clock.instant().plus(ttl), body)),
                () -> release(key, leading));
        return response.withMedia(media.withBody(tee)).withHeader(GatewayResponse.CACHE, "MISS");
    }

    private Duration ttl(MediaCall call) {
        Duration ttl = call.cache().ttl().or(() -> call.route().cacheTtl()).orElse(settings.ttl());
        Duration max = maxTtl(settings);
        if (ttl.compareTo(max) > 0) {
            ttl = max;
        }
        if (call.request() instanceof ImageRequest image && !image.wantsBase64() && ttl.compareTo(LINKED_IMAGE_TTL) > 0) {
            ttl = LINKED_IMAGE_TTL;
        }
        return ttl;
    }

    private void store(String key, CachedAnswer answer) {
        try {
            cache.put(key, answer.encode());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not store a cache entry: {0}", e.toString());
        }
    }

    private void release(String key, CountDownLatch leading) {
        if (leading != null) {
            inFlight.remove(key, leading);
            leading.countDown();
        }
    }

    private void removeQuietly(String key) {
        try {
            cache.remove(key);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Could not remove an expired entry", e);
        }
    }

    private void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
