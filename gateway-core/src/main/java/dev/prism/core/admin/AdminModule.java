package dev.prism.core.admin;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.prism.core.config.ConfigException;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.config.KeySpec;
import dev.prism.core.keys.KeyRing;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Wires {@link AdminAccess}; installed only when an admin key is configured. */
final class AdminModule extends AbstractModule {
    private final AdminSettings settings;

    AdminModule(AdminSettings settings) {
        this.settings = settings;
    }

    /** Made at startup (a singleton of the production stage): an admin key that is also a virtual key stops the gateway. */
    @Provides
    @Singleton
    AdminAccess adminAccess(GatewayConfig config, KeyRing keys) {
        byte[] admin = HexFormat.of().parseHex(settings.keySha256().orElseThrow());
        for (KeySpec key : config.keys()) {
            if (MessageDigest.isEqual(key.sha256(), admin)) {
                throw new ConfigException("admin.key", "the admin key is also the virtual key '" + key.name()
                        + "'; give the admin API a key of its own");
            }
        }
        return new AdminAccess(admin, keys);
    }
}
