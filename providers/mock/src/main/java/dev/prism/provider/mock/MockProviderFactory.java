package dev.prism.provider.mock;

import dev.prism.spi.ProviderConfig;
import dev.prism.spi.ProviderContext;
import dev.prism.spi.ProviderFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Creates {@link MockProvider}s: {@code type: mock} in the configuration.
 *
 * <p>The mock needs no credentials. It reads one optional setting, {@code latency} (a duration such
 * as {@code 250ms}), the time each answer waits before it starts, to make demos and timeout tests
 * feel like a real upstream. A negative latency is rejected at startup.
 *
 * <p>Its models are OpenAI's, and so are its prices: a demo shows what the same calls would cost
 * on OpenAI.
 */
public final class MockProviderFactory implements ProviderFactory {
    /** The configuration type of this provider. */
    public static final String TYPE = "mock";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public MockProvider create(ProviderConfig config, ProviderContext context) {
        Duration latency = config.duration("latency").orElse(Duration.ZERO);
        if (latency.isNegative()) {
            throw config.invalid("latency", "must not be negative, got " + latency);
        }
        return new MockProvider(config.name(), latency, context.clock(), context.media());
    }

    @Override
    public Set<String> secretKeys() {
        return Set.of();
    }

    @Override
    public Optional<String> priceList(ProviderConfig config) {
        return Optional.of("openai");
    }
}
