package dev.prism.bench;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.prism.api.AudioFormat;
import dev.prism.api.SpeechRequest;
import dev.prism.api.Voice;
import dev.prism.core.GatewayModule;
import dev.prism.core.cache.CacheBackend;
import dev.prism.core.cache.CacheModule;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.keys.VirtualKey;
import dev.prism.core.limit.LimitSettings;
import dev.prism.core.limit.RateLimitFeature;
import dev.prism.core.pipeline.CacheDirectives;
import dev.prism.core.record.CallRecord;
import dev.prism.core.pipeline.GatewayResponse;
import dev.prism.core.pipeline.MediaGateway;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the core adds to one speech request, with an in-process provider that answers at once:
 * key check, routing, the policy chain, failover bookkeeping (retry policy, breaker) and, with the
 * cache on, the key hash and the lookup. Network and JSON are not in it; they belong to an
 * end-to-end load test.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipelineBenchmark {
    /** {@code off}: every request reaches the provider; {@code hit}: every request is a cache hit. */
    @Param({"off", "hit"})
    public String cache;

    /** {@code none}: the key has no rate limit; {@code key}: limits in requests, characters and concurrency that never refuse. */
    @Param({"none", "key"})
    public String limits;

    private MediaGateway gateway;
    private Injector injector;
    private VirtualKey key;
    private final SpeechRequest request = new SpeechRequest("tts-1", "A sentence of about the usual length for speech.",
            Voice.named("alloy"), AudioFormat.MP3, 1.0, null, false, false, Map.of());

    @Setup(Level.Trial)
    public void start() {
        GatewayConfig config = new ConfigLoader(Map.<String, String>of()::get).parse("""
                providers:
                  bench-upstream: { type: instant }
                models:
                  tts-1: { targets: [ { provider: bench-upstream } ] }
                keys:
                  - { name: bench, key: sk-bench-key-1%s }
                """.formatted(limits.equals("key") ? ", rate_limit: { requests_per_minute: 1000000000, "
                        + "characters_per_minute: 50000000000, max_concurrent: 100000 }" : "") + (cache.equals("hit") ? "cache: { provider: ehcache, heap_mb: 16, disk_mb: 0 }\n" : ""));
        GatewayModule core = new GatewayModule(config, Clock.systemUTC(), request -> {
            throw new IOException("no network in this benchmark");
        });
        java.util.List<com.google.inject.Module> modules = new java.util.ArrayList<>(java.util.List.of(core,
                new RateLimitFeature().module(config.feature(LimitSettings.class)).orElseThrow()));
        if (cache.equals("hit")) {
            modules.add(new CacheModule(config.feature(dev.prism.core.config.CacheSettings.class)));
        }
        injector = Guice.createInjector(modules);
        gateway = injector.getInstance(MediaGateway.class);
        key = gateway.authenticate("Bearer sk-bench-key-1");
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (cache.equals("hit")) {
            injector.getInstance(CacheBackend.class).close();
        }
    }

    @Benchmark
    public long speech() throws IOException {
        // As the HTTP layer does: the record completes once the answer is written, which settles the limits.
        CallRecord record = gateway.begin("req_bench");
        try (GatewayResponse response = gateway.serve(record, key, request, CacheDirectives.NONE);
                InputStream body = response.media().body()) {
            long written = body.transferTo(java.io.OutputStream.nullOutputStream());
            record.complete(200, null);
            return written;
        }
    }

    @Benchmark
    public Object authenticate() {
        return gateway.authenticate("Bearer sk-bench-key-1");
    }
}
