package dev.prism.core.cache;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.api.ImageEditRequest;
import dev.prism.api.ImageRequest;
import dev.prism.api.ImageVariationRequest;
import dev.prism.api.MediaRequest;
import dev.prism.api.MediaResponse;
import dev.prism.core.config.CacheSettings;
import dev.prism.core.pipeline.CallPolicy;
import dev.prism.core.pipeline.GatewayResponse;
import dev.prism.core.pipeline.MediaCall;
import dev.prism.core.pipeline.PolicyStage;
import dev.prism.core.record.CacheStatus;
import dev.prism.core.routing.ModelRoute;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Answers identical requests from an {@link AnswerStore}. A miss streams the upstream's answer to
 * the client while keeping a copy, stored only once the answer completed. Concurrent identical
 * misses are coalesced: one goes upstream, the others wait for its entry. Only successful answers
 * are stored: failures arrive here as exceptions and pass straight through. An event stream is
 * stored only when it ended cleanly and none of its events reports an error (a replay is then the
 * same events); one that broke off is never stored. Nor are answers that link to files this
 * gateway published ({@link MediaResponse#linksPublishedMedia()}).
 *
 * <p>Every answer for a cached endpoint says what happened in {@code x-prism-cache}: {@code HIT},
 * {@code MISS} (also when {@code Cache-Control: no-cache} refreshed the entry) or {@code BYPASS}
 * ({@code no-store}, or the store out of reach with {@code cache.on_unavailable: bypass}; with
 * {@code fail} such a request is refused with 503 instead).
 *
 * <p>An entry lives for its alias's TTL ({@code models.X.cache.ttl}, else {@code cache.ttl}). A
 * client may shorten that with {@code x-prism-cache-ttl}, never extend it: the configured TTL is
 * the operator's bound on how stale an answer may be and on how long it takes room.
 */
public final class ResponseCache implements CallPolicy {
    /** Upstream image links expire after an hour; entries that hold such links must go first. */
    static final Duration LINKED_IMAGE_TTL = Duration.ofMinutes(50);
    private static final System.Logger LOG = System.getLogger(ResponseCache.class.getName());

    private final CacheSettings settings;
    private final AnswerStore store;
    private final Clock clock;
    private final long maxEntryBytes;
    private final Duration maxWait;
    private final Map<String, CountDownLatch> inFlight = new ConcurrentHashMap<>();
    private final CacheOutages outages = new CacheOutages();

    /**
     * @param store where entries live; a call that throws counts as the store being out of reach
     * @param maxWait how long a coalesced request waits for the one that went upstream
     */
    public ResponseCache(CacheSettings settings, AnswerStore store, Clock clock, long maxEntryBytes, Duration maxWait) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.maxEntryBytes = maxEntryBytes;
        this.maxWait = maxWait;
    }

    /** The longest TTL any entry can have: the longest configured one, {@code cache.ttl} or an alias's. */
    public static Duration longestTtl(CacheSettings settings, Collection<ModelRoute> routes) {
        return routes.stream().flatMap(route -> route.cacheTtl().stream())
                .reduce(settings.ttl(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }

    /** What this cache did while its store was out of reach. */
    public CacheOutages outages() {
        return outages;
    }

    @Override
    public PolicyStage stage() {
        return PolicyStage.CACHE;
    }

    @Override
    public GatewayResponse apply(MediaCall call, Next next) {
        if (!cacheable(call)) {
            return next.proceed(call);
        }
        if (call.cache().noStore()) {
            call.record().cache(CacheStatus.BYPASS);
            return next.proceed(call);
        }
        String key = CacheKeys.of(call.request(), settings.privateToKey() ? call.key().name() : "");
        if (call.cache().noCache()) {
            return miss(call, next, key, null);
        }
        try {
            return lookupOrMiss(call, next, key);
        } catch (CacheUnavailableException e) {
            return withoutCache(call, next, e);
        }
    }

    /** @throws CacheUnavailableException when a lookup fails; nothing was sent upstream then */
    private GatewayResponse lookupOrMiss(MediaCall call, Next next, String key) {
        GatewayResponse hit = lookup(call, key);
        if (hit != null) {
            return hit;
        }
        CountDownLatch mine = new CountDownLatch(1);
        CountDownLatch leader = inFlight.putIfAbsent(key, mine);
        if (leader == null) {
            // A leader that finished between our lookup and now has stored its answer: look again.
            GatewayResponse stored;
            try {
                stored = lookup(call, key);
            } catch (CacheUnavailableException e) {
                release(key, mine);
                throw e;
            }
            if (stored != null) {
                release(key, mine);
                return stored;
            }
            return miss(call, next, key, mine);
        }
        awaitQuietly(leader);
        hit = lookup(call, key);
        // The leader failed or its answer could not be stored: this request goes upstream itself.
        return hit != null ? hit : miss(call, next, key, null);
    }

    private boolean cacheable(MediaCall call) {
        return call.route().cache().orElse(settings.endpoints().contains(call.request().operation()));
    }

    private GatewayResponse withoutCache(MediaCall call, Next next, CacheUnavailableException outage) {
        if (settings.onUnavailable() == CacheSettings.OnUnavailable.FAIL) {
            outages.recordRefusal();
            Duration retryAfter = outage.retryAfter().isZero() ? null : outage.retryAfter();
            throw new GatewayException(ErrorKind.UNAVAILABLE, ErrorKind.UNAVAILABLE.httpStatus(),
                    "The response cache is unavailable, and this gateway answers cacheable requests only with it. "
                            + "Try again later.", null, "cache_unavailable", retryAfter, null);
        }
        outages.recordBypass();
        LOG.log(System.Logger.Level.DEBUG, "Request {0} bypasses the cache: {1}", call.requestId(), outage.getMessage());
        call.record().cache(CacheStatus.BYPASS);
        return next.proceed(call);
    }

    /** @throws CacheUnavailableException when the store does not answer */
    private GatewayResponse lookup(MediaCall call, String key) {
        byte[] stored;
        try {
            stored = store.get(key);
        } catch (CacheUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheUnavailableException(e.toString(), Duration.ZERO);
        }
        if (stored == null) {
            return null;
        }
        CachedAnswer answer = CachedAnswer.decode(stored);
        if (answer == null || answer.expiredAt(clock.instant())) {
            removeQuietly(key);
            return null;
        }
        call.record().servedFromCache(answer.provider(), answer.upstreamModel());
        return new GatewayResponse(MediaResponse.of(answer.contentType(), answer.body()), call.record());
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
            call.record().cache(CacheStatus.MISS);
            return response;
        }
        Duration ttl = ttl(call);
        String provider = call.record().provider().orElse("");
        String upstreamModel = call.record().upstreamModel().orElse("");
        boolean eventStream = media.contentType().startsWith("text/event-stream");
        StoringInputStream tee = new StoringInputStream(media.body(), maxEntryBytes, body -> {
            if (eventStream && EventStreamErrors.carriesError(body)) {
                LOG.log(System.Logger.Level.DEBUG, "Request {0}: not caching an event stream that reports an error",
                        call.requestId());
                return;
            }
            store(key, new CachedAnswer(media.contentType(), provider, upstreamModel, clock.instant().plus(ttl), body), ttl);
        }, () -> release(key, leading));
        call.record().cache(CacheStatus.MISS);
        return response.withMedia(media.withBody(tee));
    }

    private Duration ttl(MediaCall call) {
        Duration configured = call.route().cacheTtl().orElse(settings.ttl());
        Duration ttl = call.cache().ttl().filter(requested -> requested.compareTo(configured) < 0).orElse(configured);
        if (holdsImageLinks(call.request()) && ttl.compareTo(LINKED_IMAGE_TTL) > 0) {
            ttl = LINKED_IMAGE_TTL;
        }
        return ttl;
    }

    private static boolean holdsImageLinks(MediaRequest request) {
        return switch (request) {
            case ImageRequest image -> !image.wantsBase64();
            case ImageEditRequest edit -> !edit.wantsBase64();
            case ImageVariationRequest variation -> !variation.wantsBase64();
            default -> false;
        };
    }

    private void store(String key, CachedAnswer answer, Duration ttl) {
        try {
            store.put(key, answer.encode(), ttl);
        } catch (CacheUnavailableException e) {
            LOG.log(System.Logger.Level.DEBUG, "Could not store a cache entry: {0}", e.getMessage());
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
            store.remove(key);
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
