package dev.prism.core.telemetry;

import com.google.inject.Module;
import dev.prism.core.config.ConfigNode;
import dev.prism.core.feature.BannerLine;
import dev.prism.core.feature.FeatureSettings;
import dev.prism.core.feature.GatewayFeature;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code telemetry:} section and the OpenTelemetry SDK it configures ({@link TelemetryModule}),
 * always wired: metrics are kept for {@code GET /metrics} whether or not they are exported.
 */
public final class TelemetryFeature implements GatewayFeature<TelemetrySettings> {
    @Override
    public String configKey() {
        return "telemetry";
    }

    @Override
    public Class<TelemetrySettings> settingsType() {
        return TelemetrySettings.class;
    }

    @Override
    public TelemetrySettings read(ConfigNode node, FeatureSettings others) {
        TelemetrySettings d = TelemetrySettings.DEFAULT;
        if (node.isMissing()) {
            return d;
        }
        Optional<URI> endpoint = node.string("otlp_endpoint").map(text -> {
            URI uri;
            try {
                uri = URI.create(text.trim());
            } catch (IllegalArgumentException e) {
                throw node.error("otlp_endpoint", "not a URL; expected http://HOST:4318 (OTLP over http/protobuf)");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw node.error("otlp_endpoint", "expected http://HOST:4318 or https://... (OTLP over http/protobuf; "
                        + "gRPC is not supported)");
            }
            return uri;
        });
        double ratio = node.decimal("sample_ratio").map(BigDecimal::doubleValue).orElse(d.sampleRatio());
        if (ratio < 0 || ratio > 1) {
            throw node.error("sample_ratio", "must be within 0 (trace nothing) and 1 (trace every request)");
        }
        Duration interval = node.positiveDuration("export_interval").orElse(d.exportInterval());
        boolean keyRequired = node.bool("metrics_key_required").orElse(d.metricsKeyRequired());
        TelemetrySettings settings = new TelemetrySettings(endpoint, node.stringMap("headers"), ratio, interval,
                keyRequired);
        node.rejectUnknownKeys();
        return settings;
    }

    @Override
    public Optional<Module> module(TelemetrySettings settings) {
        return Optional.of(new TelemetryModule(settings));
    }

    @Override
    public Optional<BannerLine> bannerLine(TelemetrySettings settings) {
        // Scheme, host and port only: the headers may hold a collector's API key.
        return settings.otlpEndpoint().map(uri -> new BannerLine("telemetry", "OTLP to " + uri.getScheme() + "://"
                + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + ", traces sampled at "
                + settings.sampleRatio()));
    }
}
