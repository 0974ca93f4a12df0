package dev.prism.plugin.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.api.AudioFormat;
import dev.prism.api.MediaResponse;
import dev.prism.api.Operation;
import dev.prism.api.SpeechRequest;
import dev.prism.api.Voice;
import dev.prism.core.cache.CacheBackend;
import dev.prism.core.cache.ResponseCache;
import dev.prism.core.config.CacheSettings;
import dev.prism.core.keys.VirtualKey;
import dev.prism.core.pipeline.CacheDirectives;
import dev.prism.core.pipeline.GatewayResponse;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two gateways with their own Redis connections share one cache of answers. */
class RedisCacheBackendIT {
    private final MutableClock clock = MutableClock.startingAt("2026-11-23T10:00:00Z");
    private final AtomicInteger upstreamCalls = new AtomicInteger();
    private final RedisCacheBackend first = new RedisCacheBackend();
    private final RedisCacheBackend second = new RedisCacheBackend();

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    private CacheSettings settings() {
        return new CacheSettings(true, "redis", Duration.ofHours(1), 16, 0, Path.of("unused"), TestServices.redisUrl(), false,
                Set.of(Operation.SPEECH));
    }

    private ResponseCache gateway(RedisCacheBackend backend, CacheSettings settings) {
        return new ResponseCache(settings, backend.open(settings, ResponseCache.maxTtl(settings)), clock, 1 << 20,
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
        return new GatewayResponse(MediaResponse.of("audio/mpeg", "generated audio".getBytes(StandardCharsets.UTF_8)),
                Map.of(GatewayResponse.PROVIDER, "up"));
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
        assertThat(miss.headers()).containsEntry(GatewayResponse.CACHE, "MISS");
        assertThat(read(miss)).isEqualTo("generated audio");

        GatewayResponse hit = b.apply(call(input), this::upstream);
        assertThat(hit.headers()).containsEntry(GatewayResponse.CACHE, "HIT").containsEntry(GatewayResponse.PROVIDER, "up");
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
        assertThat(later.headers()).containsEntry(GatewayResponse.CACHE, "MISS");
        read(later);
        assertThat(upstreamCalls).hasValue(2);
    }
}
