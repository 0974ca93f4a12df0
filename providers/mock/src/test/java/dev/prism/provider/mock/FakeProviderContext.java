package dev.prism.provider.mock;

import dev.prism.spi.HttpTransport;
import dev.prism.spi.ProviderContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** A host with a fixed clock and a recording media publisher, and no network. */
record FakeProviderContext(Clock clock, RecordingMediaPublisher media) implements ProviderContext {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    static FakeProviderContext create() {
        return new FakeProviderContext(Clock.fixed(NOW, ZoneOffset.UTC), new RecordingMediaPublisher());
    }

    @Override
    public String spiVersion() {
        return dev.prism.spi.SpiVersion.CURRENT;
    }

    @Override
    public HttpTransport http() {
        throw new UnsupportedOperationException("The mock provider must make no network calls");
    }
}
