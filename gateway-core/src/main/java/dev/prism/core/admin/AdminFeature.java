package dev.prism.core.admin;

import com.google.inject.Module;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.ConfigNode;
import dev.prism.core.feature.BannerLine;
import dev.prism.core.feature.FeatureSettings;
import dev.prism.core.feature.GatewayFeature;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code admin:} section: the key of the admin API ({@code admin: { key: ${PRISM_ADMIN_KEY} }},
 * or its SHA-256 as {@code key_sha256}). Without one, the admin API is off. Only the key's hash is
 * kept.
 */
public final class AdminFeature implements GatewayFeature<AdminSettings> {
    /** An admin key reads every key's usage and makes keys: it must not be guessable. */
    static final int MIN_KEY_LENGTH = 16;

    @Override
    public String configKey() {
        return "admin";
    }

    @Override
    public Class<AdminSettings> settingsType() {
        return AdminSettings.class;
    }

    @Override
    public AdminSettings read(ConfigNode node, FeatureSettings others) {
        if (node.isMissing()) {
            return AdminSettings.OFF;
        }
        // An empty value (${PRISM_ADMIN_KEY:-} with the variable unset) leaves the admin API off.
        Optional<String> plain = node.string("key").filter(k -> !k.isEmpty());
        Optional<String> hashed = node.string("key_sha256").map(String::strip).filter(k -> !k.isEmpty());
        node.rejectUnknownKeys();
        if (plain.isPresent() && hashed.isPresent()) {
            throw node.error("give either key or key_sha256");
        }
        if (plain.isPresent()) {
            if (plain.get().length() < MIN_KEY_LENGTH) {
                // The value is never quoted: it is a secret.
                throw node.error("key", "the admin key needs at least " + MIN_KEY_LENGTH + " characters");
            }
            return AdminSettings.withKeyHash(ConfigLoader.sha256(plain.get()));
        }
        if (hashed.isPresent()) {
            String hex = hashed.get().toLowerCase(Locale.ROOT);
            if (!hex.matches("[0-9a-f]{64}")) {
                throw node.error("key_sha256", "expected 64 hex digits");
            }
            return AdminSettings.withKeyHash(HexFormat.of().parseHex(hex));
        }
        return AdminSettings.OFF;
    }

    @Override
    public Optional<Module> module(AdminSettings settings) {
        return settings.enabled() ? Optional.of(new AdminModule(settings)) : Optional.empty();
    }

    @Override
    public Optional<BannerLine> bannerLine(AdminSettings settings) {
        // Off by default: the demo's banner stays as short as it was.
        return settings.enabled() ? Optional.of(new BannerLine("admin", "on, under /admin (Authorization: Bearer "
                + "the admin key)")) : Optional.empty();
    }
}
