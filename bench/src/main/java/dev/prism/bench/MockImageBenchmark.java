package dev.prism.bench;

import com.google.inject.Guice;
import dev.prism.api.ImageRequest;
import dev.prism.core.GatewayModule;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.keys.VirtualKey;
import dev.prism.core.pipeline.GatewayResponse;
import dev.prism.core.pipeline.MediaGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long the mock provider takes to draw an image and answer it as base64 JSON (PNG encoding
 * and base64 dominate), through the core as a request reaches it. The core's own share is
 * {@link PipelineBenchmark}'s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MockImageBenchmark {
    /** The requested size; 1024x1024 is what clients get when they name none. */
    @Param({"256x256", "1024x1024"})
    public String size;

    private MediaGateway gateway;
    private VirtualKey key;
    private ImageRequest request;

    @Setup(Level.Trial)
    public void start() {
        GatewayConfig config = new ConfigLoader(Map.<String, String>of()::get).parse("""
                providers:
                  bench-mock: { type: mock }
                models:
                  dall-e-2: { targets: [ { provider: bench-mock } ] }
                keys:
                  - { name: bench, key: sk-bench-key-1 }
                """);
        gateway = Guice.createInjector(new GatewayModule(config, Clock.systemUTC(), request -> {
            throw new IOException("no network in this benchmark");
        })).getInstance(MediaGateway.class);
        key = gateway.authenticate("Bearer sk-bench-key-1");
        request = ImageRequest.builder("dall-e-2", "a fox in the snow").size(size).responseFormat("b64_json").build();
    }

    @Benchmark
    public long image() throws IOException {
        try (GatewayResponse response = gateway.serve("req_bench", key, request); InputStream body = response.media().body()) {
            return body.transferTo(OutputStream.nullOutputStream());
        }
    }
}
