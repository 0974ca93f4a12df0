package dev.prism.core.admin;

import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code admin:} section.
 *
 * @param keySha256 the SHA-256 of the admin key, as 64 lower-case hex digits; empty when no admin
 *     key is configured, and then the admin API is off (every {@code /admin} route answers 404)
 */
public record AdminSettings(Optional<String> keySha256) {
    public static final AdminSettings OFF = new AdminSettings(Optional.empty());

    public AdminSettings {
        Objects.requireNonNull(keySha256, "keySha256 is null");
    }

    public static AdminSettings withKeyHash(byte[] sha256) {
        return new AdminSettings(Optional.of(HexFormat.of().formatHex(sha256)));
    }

    public boolean enabled() {
        return keySha256.isPresent();
    }

    /** Not even the hash: settings may be printed when debugging. */
    @Override
    public String toString() {
        return "AdminSettings[" + (enabled() ? "on" : "off") + "]";
    }
}
