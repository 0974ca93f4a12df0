package dev.prism.spi;

import dev.prism.api.Secret;
import java.time.Duration;
import java.util.Optional;

/**
 * The settings of one configured provider, the map under {@code providers.<name>}.
 *
 * <p>Every setting the factory reads counts as known; a setting that no one read is reported to the
 * operator as an unknown key at startup. Type errors name the setting's path
 * ({@code providers.openai.timeout: expected a duration such as 30s}).
 */
public interface ProviderConfig {
    /** The provider's name, the key under {@code providers:}. */
    String name();

    /** The provider type ({@code openai}). */
    String type();

    Optional<String> string(String key);

    /** A credential; {@code ${VAR}} references are already resolved from the environment. */
    Optional<Secret> secret(String key);

    /** A duration written as {@code 250ms}, {@code 30s}, {@code 5m} or {@code 24h}. */
    Optional<Duration> duration(String key);

    Optional<Integer> integer(String key);

    Optional<Boolean> bool(String key);

    /** A map of string values (extra headers, say), or empty. */
    java.util.Map<String, String> stringMap(String key);

    /** An error to throw for a bad value of {@code key}; its message carries the setting's path. */
    RuntimeException invalid(String key, String message);
}
