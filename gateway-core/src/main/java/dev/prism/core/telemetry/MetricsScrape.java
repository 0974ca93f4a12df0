package dev.prism.core.telemetry;

import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The gateway's metrics as Prometheus text (format 0.0.4), for {@code GET /metrics}: OpenTelemetry's
 * Prometheus reader, registered with the meter provider, collected at each scrape. Instrument names
 * are translated the Prometheus way: {@code prism.requests} counting becomes {@code
 * prism_requests_total}, a histogram in {@code s} gets {@code _seconds}. Thread-safe.
 */
public final class MetricsScrape {
    /** {@code text/plain; version=0.0.4; charset=utf-8} */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    // No otel_scope_* labels: they would repeat the meter's name on every series.
    private final PrometheusMetricReader reader = PrometheusMetricReader.builder().setOtelScopeLabelsEnabled(false)
            .build();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    MetricReader reader() {
        return reader;
    }

    /** Collects every instrument now and writes the text. */
    public void writeText(OutputStream out) throws IOException {
        writer.write(out, reader.collect(), EscapingScheme.UNDERSCORE_ESCAPING);
    }
}
