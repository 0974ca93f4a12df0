package dev.prism.provider.mock;

import dev.prism.api.Secret;
import dev.prism.spi.ProviderConfig;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A provider's settings held in a map; remembers which keys the factory read. */
final class FakeProviderConfig implements ProviderConfig {
    private final String name;
    private final Map<String, Object> settings;
    private final Set<String> readKeys = new LinkedHashSet<>();

    FakeProviderConfig(String name, Map<String, Object> settings) {
        this.name = name;
        this.settings = Map.copyOf(settings);
    }

    static FakeProviderConfig named(String name) {
        return new FakeProviderConfig(name, Map.of());
    }

    Set<String> readKeys() {
        return Set.copyOf(readKeys);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "mock";
    }

    @Override
    public Optional<String> string(String key) {
        return read(key, String.class);
    }

    @Override
    public Optional<Secret> secret(String key) {
        return read(key, Secret.class);
    }

    @Override
    public Optional<Duration> duration(String key) {
        return read(key, Duration.class);
    }

    @Override
    public Optional<Integer> integer(String key) {
        return read(key, Integer.class);
    }

    @Override
    public Optional<Boolean> bool(String key) {
        return read(key, Boolean.class);
    }

    @Override
    public Map<String, String> stringMap(String key) {
        readKeys.add(key);
        return Map.of();
    }

    @Override
    public RuntimeException invalid(String key, String message) {
        return new IllegalArgumentException("providers." + name + "." + key + ": " + message);
    }

    private <T> Optional<T> read(String key, Class<T> type) {
        readKeys.add(key);
        return Optional.ofNullable(settings.get(key)).map(type::cast);
    }
}
