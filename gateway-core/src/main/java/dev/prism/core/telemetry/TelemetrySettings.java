package dev.prism.core.telemetry;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code telemetry:} section: where traces and metrics go by OTLP (http/protobuf), and how many
 * requests are traced. Metrics are always kept for {@code GET /metrics}; export is off unless an
 * endpoint is set.
 *
 * @param otlpEndpoint the collector's base URL ({@code http://collector:4318}); {@code /v1/traces}
 *     and {@code /v1/metrics} are appended
 * @param headers sent with every export (an API key of a hosted collector, say): never logged
 * @param sampleRatio the share of requests traced when the client sent no sampling decision, 0 to 1
 * @param exportInterval how often metrics are pushed to the collector
 * @param metricsKeyRequired whether {@code GET /metrics} takes the admin key (true unless the
 *     configuration opens it: the scrape names keys, models and what they cost)
 */
public record TelemetrySettings(Optional<URI> otlpEndpoint, Map<String, String> headers, double sampleRatio,
        Duration exportInterval, boolean metricsKeyRequired) {
    public static final TelemetrySettings DEFAULT = new TelemetrySettings(Optional.empty(), Map.of(), 1.0,
            Duration.ofSeconds(60), true);

    public TelemetrySettings {
        Objects.requireNonNull(otlpEndpoint, "otlpEndpoint is null");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(exportInterval, "exportInterval is null");
        if (sampleRatio < 0 || sampleRatio > 1) {
            throw new IllegalArgumentException("sampleRatio must be within 0 and 1: " + sampleRatio);
        }
    }

    /** Header names only, for the banner and logs. */
    @Override
    public String toString() {
        return "TelemetrySettings[otlpEndpoint=" + otlpEndpoint + ", headers=" + headers.keySet() + ", sampleRatio="
                + sampleRatio + ", exportInterval=" + exportInterval + ", metricsKeyRequired=" + metricsKeyRequired + "]";
    }
}
