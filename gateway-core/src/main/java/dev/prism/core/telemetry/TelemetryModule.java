package dev.prism.core.telemetry;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.prism.core.cost.CallPricing;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.prism.core.cache.CacheOutages;
import dev.prism.core.limit.LimitOutages;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.Optional;
import java.util.Set;
import com.google.inject.multibindings.OptionalBinder;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.cost.CallPricing;
import dev.prism.core.failover.TargetHealthRegistry;
import dev.prism.core.ledger.LedgerWriter;
import dev.prism.core.record.AttemptListener;
import dev.prism.core.record.CallListener;
import io.opentelemetry.api.metrics.Meter;

/**
 * Builds the one OpenTelemetry SDK of the gateway: a tracer provider (sampled by the client's
 * decision, else by {@code sample_ratio}), a meter provider, W3C trace context propagation, and
 * OTLP export (http/protobuf, the JDK's HTTP client) when an endpoint is set. Other modules add
 * metric readers (the Prometheus scrape) and span processors (tests' in-memory exporters) to the
 * sets; without any span processor and without export, no span is sampled (spans are not recorded,
 * but a client's {@code traceparent} still passes on to the upstreams).
 */
final class TelemetryModule extends AbstractModule {
    private final TelemetrySettings settings;

    TelemetryModule(TelemetrySettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(TelemetrySettings.class).toInstance(settings);
        Multibinder.newSetBinder(binder(), MetricReader.class);
        Multibinder.newSetBinder(binder(), SpanProcessor.class);
        // Declared here too (GatewayModule declares it): the pricing feature sets it when on.
        OptionalBinder.newOptionalBinder(binder(), CallPricing.class);
        Multibinder.newSetBinder(binder(), CallListener.class).addBinding().to(CallMetrics.class);
        Multibinder.newSetBinder(binder(), AttemptListener.class).addBinding().to(CallMetrics.class);
        // The ledger's backlog is shown when the ledger is on (LedgerModule binds its writer).
        OptionalBinder.newOptionalBinder(binder(), LedgerWriter.class);
        // Bound by the rate limits' and the cache's modules, when they are on.
        OptionalBinder.newOptionalBinder(binder(), LimitOutages.class);
        OptionalBinder.newOptionalBinder(binder(), CacheOutages.class);
    }

    /** Whether anything receives spans: else no span is sampled, whatever the ratio. */
    private boolean spansReceived(Set<SpanProcessor> processors) {
        return !processors.isEmpty() || settings.otlpEndpoint().isPresent();
    }

    /** What {@code GET /metrics} writes: its reader is one of the meter provider's. */
    @Provides
    @Singleton
    MetricsScrape metricsScrape() {
        return new MetricsScrape();
    }

    @ProvidesIntoSet
    MetricReader scrapeReader(MetricsScrape scrape) {
        return scrape.reader();
    }

    /**
     * The gateway's meter. The observable gauges (breakers, the ledger's backlog, the JVM) are
     * registered with it as it is made: once, at boot (a singleton, made eagerly in production).
     */
    @Provides
    @Singleton
    Meter meter(OpenTelemetrySdk sdk, TargetHealthRegistry health, Optional<LedgerWriter> ledger,
            Optional<LimitOutages> limitOutages, Optional<CacheOutages> cacheOutages) {
        Meter meter = sdk.getMeter("dev.prism.gateway");
        StateGauges.register(meter, health, ledger, limitOutages, cacheOutages);
        JvmGauges.register(meter);
        return meter;
    }

    @Provides
    @Singleton
    CallMetrics callMetrics(Meter meter, GatewayConfig config, Optional<CallPricing> pricing) {
        return new CallMetrics(meter, new LabelValues(config.models().keySet()), pricing);
    }

    @Provides
    @Singleton
    OpenTelemetrySdk sdk(Set<MetricReader> readers, Set<SpanProcessor> processors) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "prism")));
        var builder = OpenTelemetrySdk.builder()
                .setPropagators(ContextPropagators.create(CallTracer.PROPAGATOR));
        boolean traced = spansReceived(processors);
        SdkTracerProviderBuilder tracing = SdkTracerProvider.builder().setResource(resource)
                .setSampler(traced ? Sampler.parentBased(Sampler.traceIdRatioBased(settings.sampleRatio()))
                        : Sampler.alwaysOff());
        processors.forEach(tracing::addSpanProcessor);
        SdkMeterProviderBuilder metering = SdkMeterProvider.builder().setResource(resource);
        readers.forEach(metering::registerMetricReader);
        settings.otlpEndpoint().ifPresent(endpoint -> {
            String base = endpoint.toString().replaceAll("/+$", "");
            OtlpHttpSpanExporterBuilder spans = OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces");
            OtlpHttpMetricExporterBuilder metrics = OtlpHttpMetricExporter.builder().setEndpoint(base + "/v1/metrics");
            settings.headers().forEach((name, value) -> {
                spans.addHeader(name, value);
                metrics.addHeader(name, value);
            });
            tracing.addSpanProcessor(BatchSpanProcessor.builder(spans.build()).build());
            metering.registerMetricReader(PeriodicMetricReader.builder(metrics.build())
                    .setInterval(settings.exportInterval()).build());
        });
        return builder.setTracerProvider(tracing.build()).setMeterProvider(metering.build()).build();
    }

    @Provides
    OpenTelemetry openTelemetry(OpenTelemetrySdk sdk) {
        return sdk;
    }

    @Provides
    @Singleton
    CallTracer callTracer(OpenTelemetrySdk sdk, Set<SpanProcessor> processors, Optional<CallPricing> pricing) {
        return new CallTracer(sdk, pricing, spansReceived(processors));
    }

    /** Flushes what is batched (spans, the last metrics) at shutdown. */
    @ProvidesIntoSet
    AutoCloseable shutdown(OpenTelemetrySdk sdk) {
        return sdk::close;
    }
}
