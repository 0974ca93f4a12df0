package dev.prism.core.keys;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.KeySpec;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The virtual keys: those of the configuration, then those made through the admin API ({@link
 * StoredKeyLookup}), all held as SHA-256 hashes only. A presented key is hashed and its hash
 * compared in constant time, so neither the stored form nor the timing gives the key away.
 */
public final class KeyRing {
    private record Entry(byte[] sha256, VirtualKey key) {}

    private final Map<String, Entry> byHash;
    private final java.util.Set<String> configuredNames;
    private final StoredKeyLookup stored;

    /** The configured keys alone. */
    public KeyRing(List<KeySpec> keys) {
        this(keys, StoredKeyLookup.NONE);
    }

    public KeyRing(List<KeySpec> keys, StoredKeyLookup stored) {
        this.stored = java.util.Objects.requireNonNull(stored, "stored is null");
        this.configuredNames = keys.stream().map(KeySpec::name).collect(Collectors.toUnmodifiableSet());
        this.byHash = keys.stream().collect(Collectors.toUnmodifiableMap(
                k -> HexFormat.of().formatHex(k.sha256()),
                k -> new Entry(k.sha256(), new VirtualKey(k.name(), k.models())),
                (a, b) -> a));
    }

    /**
     * The key behind an {@code Authorization} header value.
     *
     * @throws GatewayException 401 when the header is missing, malformed or names no key; 503 when
     *     the stored keys could not be read yet
     */
    public VirtualKey authenticate(String authorization) {
        return find(authorization).orElseThrow(KeyRing::invalidKey);
    }

    /**
     * The key behind a well-formed {@code Authorization} header, if there is one: for the admin
     * API, which tells a virtual key (403) from an unknown one (401).
     *
     * @throws GatewayException 401 when the header is missing or not of the Bearer scheme
     */
    public Optional<VirtualKey> find(String authorization) {
        return find(ConfigLoader.sha256(bearer(authorization)));
    }

    /** The key whose SHA-256 is {@code hash}, compared in constant time. */
    public Optional<VirtualKey> find(byte[] hash) {
        Entry entry = byHash.get(HexFormat.of().formatHex(hash));
        if (entry != null && MessageDigest.isEqual(entry.sha256(), hash)) {
            return Optional.of(entry.key());
        }
        // A stored key named like a configured one (a name added to the file later) is ignored: the file wins.
        return stored.find(hash).filter(key -> !configuredNames.contains(key.name()));
    }

    /**
     * The token of a {@code Bearer} header.
     *
     * @throws GatewayException 401 when the header is missing or malformed
     */
    public static String bearer(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new GatewayException(ErrorKind.AUTHENTICATION,
                    "You didn't provide an API key. You need to provide your API key in an Authorization header "
                            + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", null, null);
        }
        String presented = authorization.strip();
        if (presented.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = presented.substring(7).strip();
        } else {
            throw invalidKey();
        }
        return presented;
    }

    /** The 401 of a key that is not known. */
    public static GatewayException invalidKey() {
        // The presented key is never echoed back: it may be a real secret sent to the wrong place.
        return new GatewayException(ErrorKind.AUTHENTICATION, "Incorrect API key provided.", null, "invalid_api_key");
    }

    /** For tests and tools: the hex SHA-256 of a key, as {@code key_sha256} takes it. */
    public static String hashOf(String key) {
        return HexFormat.of().formatHex(ConfigLoader.sha256(key));
    }

}
