package dev.prism.spi;

import java.time.Clock;

/** Services the host lends to providers. */
public interface ProviderContext {
    /** The version of this SPI the host implements, {@code major.minor}. */
    String spiVersion();

    /** Prism's HTTP client for upstream calls: pooled, shared, streaming in both directions. */
    HttpTransport http();

    /** The clock; tests control it. */
    Clock clock();

    /** Where a provider publishes a file that the answer links to (a generated image, say). */
    MediaPublisher media();
}
