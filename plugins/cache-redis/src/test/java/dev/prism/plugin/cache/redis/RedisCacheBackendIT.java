package dev.prism.plugin.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.prism.api.AudioFormat;
import dev.prism.api.MediaResponse;
import dev.prism.api.Operation;
import dev.prism.api.SpeechRequest;
import dev.prism.api.Voice;
import dev.prism.core.cache.AnswerStore;
import dev.prism.core.cache.CacheBackend;
import dev.prism.core.cache.ResponseCache;
import dev.prism.core.config.CacheSettings;
import dev.prism.core.keys.VirtualKey;
import dev.prism.core.pipeline.CacheDirectives;
import dev.prism.core.pipeline.GatewayResponse;
import dev.prism.core.record.Attempt;
import dev.prism.core.record.CacheStatus;
import dev.prism.core.pipeline.MediaCall;
import dev.prism.core.routing.ModelRoute;
import dev.prism.core.routing.ProviderTarget;
import dev.prism.core.routing.Strategy;
import dev.prism.testkit.MutableClock;
import dev.prism.testkit.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** Two gateways with their own Redis connections share one cache of answers; Redis frees each at its TTL. */
class RedisCacheBackendIT {
    private final MutableClock clock = MutableClock.startingAt("2026-11-23T10:00:00Z");
    private final AtomicInteger upstreamCalls = new AtomicInteger();
    private final RedisCacheBackend first = new RedisCacheBackend();
    private final RedisCacheBackend second = new RedisCacheBackend();

    private RedissonClient inspector;

    @AfterEach
    void close() {
        first.close();
        second.close();
        if (inspector != null) {
            inspector.shutdown();
        }
    }

    /** The entry's remaining life in Redis in milliseconds: -2 when Redis holds no such key, -1 when it never expires. */
    private long remainingMillis(String key) {
        if (inspector == null) {
            Config config = new Config();
            config.useSingleServer().setAddress(TestServices.redisUrl());
            inspector = Redisson.create(config);
        }
        return inspector.getBucket(RedisAnswerStore.KEY_PREFIX + key).remainTimeToLive();
    }

    private CacheSettings settings() {
        return new CacheSettings(true, "redis", Duration.ofHours(1), 16, 0, Path.of("unused"), TestServices.redisUrl(), false,
                Set.of(Operation.SPEECH));
    }

    private ResponseCache gateway(RedisCacheBackend backend, CacheSettings settings) {
        return new ResponseCache(settings, backend.openStore(settings, settings.ttl()), clock, 1 << 20,
                Duration.ofSeconds(5));
    }

    private static MediaCall call(String input) {
        SpeechRequest request = new SpeechRequest("tts-1", input, Voice.named("alloy"), AudioFormat.MP3, 1.0, null, false,
                false, Map.of());
        return new MediaCall("req", new VirtualKey("k", Optional.empty()), request, new ModelRoute("tts-1", Strategy.FALLBACK,
                List.of(new ProviderTarget("up", "tts-1", 1)), Optional.empty(), Optional.empty(), Optional.empty()),
                CacheDirectives.NONE);
    }

    private GatewayResponse upstream(MediaCall call) {
        upstreamCalls.incrementAndGet();
        call.record().attempted(Attempt.answered("up", "tts-1", Instant.EPOCH, Duration.ZERO));
        return new GatewayResponse(MediaResponse.of("audio/mpeg", "generated audio".getBytes(StandardCharsets.UTF_8)),
                call.record());
    }

    private static String read(GatewayResponse response) {
        try (response; InputStream in = response.media().body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void isFoundByNameThroughServiceLoader() {
        assertThat(ServiceLoader.load(CacheBackend.class).stream().map(p -> p.get().name())).contains("redis");
    }

    @Test
    void anEntryStoredByOneGatewayIsAHitForAnother() {
        CacheSettings settings = settings();
        ResponseCache a = gateway(first, settings);
        ResponseCache b = gateway(second, settings);
        String input = "shared " + UUID.randomUUID();

        GatewayResponse miss = a.apply(call(input), this::upstream);
        assertThat(miss.record().cache()).isEqualTo(CacheStatus.MISS);
        assertThat(read(miss)).isEqualTo("generated audio");

        GatewayResponse hit = b.apply(call(input), this::upstream);
        assertThat(hit.record().cache()).isEqualTo(CacheStatus.HIT);
        assertThat(hit.record().provider()).contains("up");
        assertThat(hit.record().upstreamModel()).contains("tts-1");
        assertThat(read(hit)).isEqualTo("generated audio");
        assertThat(upstreamCalls).hasValue(1);
    }

    @Test
    void expiredEntriesAreMissesOnEveryGateway() {
        CacheSettings settings = settings();
        ResponseCache a = gateway(first, settings);
        ResponseCache b = gateway(second, settings);
        String input = "expiring " + UUID.randomUUID();
        read(a.apply(call(input), this::upstream));
        clock.advance(Duration.ofHours(2));
        GatewayResponse later = b.apply(call(input), this::upstream);
        assertThat(later.record().cache()).isEqualTo(CacheStatus.MISS);
        read(later);
        assertThat(upstreamCalls).hasValue(2);
    }

    @Test
    void redisExpiresEachEntryAtItsOwnTtl() {
        AnswerStore store = first.openStore(settings(), Duration.ofDays(7));
        String brief = "brief-" + UUID.randomUUID();
        String lasting = "lasting-" + UUID.randomUUID();

        store.put(brief, new byte[] {1}, Duration.ofSeconds(30));
        store.put(lasting, new byte[] {2}, Duration.ofHours(2));

        assertThat(remainingMillis(brief)).isBetween(1L, 30_000L);
        assertThat(remainingMillis(lasting)).isBetween(Duration.ofSeconds(31).toMillis(), Duration.ofHours(2).toMillis());
        assertThat(store.get(brief)).containsExactly(1);
    }

    @Test
    void redisFreesAnEntryOnceItsTtlHasPassed() {
        AnswerStore store = first.openStore(settings(), Duration.ofDays(7));
        String key = "fleeting-" + UUID.randomUUID();
        store.put(key, new byte[] {1}, Duration.ofMillis(100));

        // Redis's own clock decides: wait for it, with a bound.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (remainingMillis(key) != -2 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }

        assertThat(remainingMillis(key)).as("remaining life of a key Redis freed").isEqualTo(-2);
        assertThat(store.get(key)).isNull();
    }

    @Test
    void openingTheStoreDoesNotWaitForARedisThatIsDown() throws Exception {
        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        CacheSettings nowhere = new CacheSettings(true, "redis", Duration.ofHours(1), 16, 0, Path.of("unused"),
                "redis://127.0.0.1:" + port, false, Set.of(Operation.SPEECH));

        AnswerStore store = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> first.openStore(nowhere, Duration.ofHours(1)));

        assertThatThrownBy(() -> store.get("anything")).isInstanceOf(RuntimeException.class);
    }
}
