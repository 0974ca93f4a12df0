package dev.prism.core.accesslog;

import com.google.inject.Module;
import dev.prism.core.config.ConfigNode;
import dev.prism.core.feature.BannerLine;
import dev.prism.core.feature.FeatureSettings;
import dev.prism.core.feature.GatewayFeature;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code access_log:} section and the access log it turns on ({@link AccessLogModule}): one JSON
 * line per media request, on standard output unless {@code file} names a file.
 */
public final class AccessLogFeature implements GatewayFeature<AccessLogSettings> {
    @Override
    public String configKey() {
        return "access_log";
    }

    @Override
    public Class<AccessLogSettings> settingsType() {
        return AccessLogSettings.class;
    }

    @Override
    public AccessLogSettings read(ConfigNode node, FeatureSettings others) {
        if (node.isMissing()) {
            return AccessLogSettings.DEFAULT;
        }
        boolean enabled = node.bool("enabled").orElse(true);
        Optional<String> file = node.string("file").map(String::strip);
        if (file.filter(String::isEmpty).isPresent()) {
            throw node.error("file", "expected a file path, or no file for standard output");
        }
        node.rejectUnknownKeys();
        return new AccessLogSettings(enabled, file.map(Path::of));
    }

    @Override
    public Optional<Module> module(AccessLogSettings settings) {
        return settings.enabled() ? Optional.of(new AccessLogModule(settings)) : Optional.empty();
    }

    @Override
    public Optional<BannerLine> bannerLine(AccessLogSettings settings) {
        return Optional.of(new BannerLine("access log", !settings.enabled() ? "off"
                : settings.file().map(f -> "JSON lines appended to " + f.toAbsolutePath().normalize())
                        .orElse("JSON lines on standard output")));
    }
}
