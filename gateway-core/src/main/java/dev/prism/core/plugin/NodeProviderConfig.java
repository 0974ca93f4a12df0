package dev.prism.core.plugin;

import dev.prism.api.Secret;
import dev.prism.core.config.ConfigException;
import dev.prism.core.config.ProviderSettings;
import dev.prism.spi.ProviderConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A provider's settings as the SPI sees them, read from its node of the configuration. */
final class NodeProviderConfig implements ProviderConfig {
    private final ProviderSettings settings;

    NodeProviderConfig(ProviderSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public String type() {
        return settings.type();
    }

    @Override
    public Optional<String> string(String key) {
        return settings.node().string(key);
    }

    @Override
    public Optional<Secret> secret(String key) {
        return settings.node().string(key).map(Secret::of);
    }

    @Override
    public Optional<Duration> duration(String key) {
        return settings.node().duration(key);
    }

    @Override
    public Optional<Integer> integer(String key) {
        return settings.node().integer(key);
    }

    @Override
    public Optional<Boolean> bool(String key) {
        return settings.node().bool(key);
    }

    @Override
    public Map<String, String> stringMap(String key) {
        return settings.node().stringMap(key);
    }

    @Override
    public RuntimeException invalid(String key, String message) {
        return new ConfigException(settings.node().path() + "." + key, message);
    }
}
