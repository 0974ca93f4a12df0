package dev.prism.core.admin;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.keys.KeyRing;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Who may use the admin API: the bearer of the admin key alone. The presented key is hashed and
 * compared with the admin key's hash in constant time; the admin key itself is never held.
 */
public final class AdminAccess {
    private final byte[] adminSha256;
    private final KeyRing keys;

    public AdminAccess(byte[] adminSha256, KeyRing keys) {
        this.adminSha256 = adminSha256.clone();
        this.keys = Objects.requireNonNull(keys, "keys is null");
    }

    /**
     * Lets the admin key through.
     *
     * @throws GatewayException 401 for no key or an unknown one, 403 for a virtual key
     */
    public void authorize(String authorization) {
        byte[] presented = ConfigLoader.sha256(KeyRing.bearer(authorization));
        if (MessageDigest.isEqual(adminSha256, presented)) {
            return;
        }
        if (keys.find(presented).isPresent()) {
            throw new GatewayException(ErrorKind.PERMISSION, "This key may not use the admin API; it takes the admin "
                    + "key.", null, "admin_key_required");
        }
        throw KeyRing.invalidKey();
    }
}
