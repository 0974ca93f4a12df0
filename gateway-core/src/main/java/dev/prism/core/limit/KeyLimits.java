package dev.prism.core.limit;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.config.ConfigException;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.KeySpec;
import dev.prism.core.config.RateLimit;
import dev.prism.core.keys.StoredKeyLookup;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rate limits of keys by name: a configured key's from the file, a key made through the admin
 * API's from the JSON it was made with (read once per distinct text).
 */
final class KeyLimits implements Function<String, RateLimit> {
    private static final System.Logger LOG = System.getLogger(KeyLimits.class.getName());

    private final Map<String, RateLimit> configured;
    private final StoredKeyLookup stored;
    private final Map<String, RateLimit> read = new ConcurrentHashMap<>();

    KeyLimits(List<KeySpec> keys, StoredKeyLookup stored) {
        this.configured = keys.stream().collect(Collectors.toUnmodifiableMap(KeySpec::name, KeySpec::rateLimit));
        this.stored = stored;
    }

    @Override
    public RateLimit apply(String keyName) {
        RateLimit limit = configured.get(keyName);
        if (limit != null) {
            return limit;
        }
        Optional<String> json = stored.rateLimitJson(keyName);
        return json.isEmpty() ? RateLimit.NONE : read.computeIfAbsent(json.get(), text -> parse(keyName, text));
    }

    private static RateLimit parse(String keyName, String json) {
        try {
            return ConfigLoader.rateLimitOf(json);
        } catch (ConfigException e) {
            // Checked when the key was made; only a rule changed since can fail here.
            LOG.log(System.Logger.Level.WARNING, "keys: the rate limit of stored key ''{0}'' no longer reads ({1}); "
                    + "the key is refused until it is made again", keyName, e.getMessage());
            throw new GatewayException(ErrorKind.PERMISSION, "This key's rate limit can no longer be read; ask the "
                    + "gateway's operator to make the key again.", null, "rate_limit_unreadable");
        }
    }
}
