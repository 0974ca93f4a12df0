package dev.prism.conformance;

import dev.prism.api.Secret;
import dev.prism.spi.ProviderConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A provider's settings held in a map, as the host reads them from YAML: for a provider's own unit tests. */
public record MapProviderConfig(String type, String name, Map<String, Object> settings) implements ProviderConfig {
    @Override
    public Optional<String> string(String key) {
        return Optional.ofNullable((String) settings.get(key));
    }

    @Override
    public Optional<Secret> secret(String key) {
        return string(key).map(Secret::of);
    }

    @Override
    public Optional<Duration> duration(String key) {
        return Optional.empty();
    }

    @Override
    public Optional<Integer> integer(String key) {
        return Optional.empty();
    }

    @Override
    public Optional<Boolean> bool(String key) {
        return Optional.empty();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, String> stringMap(String key) {
        return (Map<String, String>) settings.getOrDefault(key, Map.of());
    }

    @Override
    public RuntimeException invalid(String key, String message) {
        return new IllegalArgumentException("providers." + name + "." + key + ": " + message);
    }
}
