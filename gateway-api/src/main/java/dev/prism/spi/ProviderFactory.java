package dev.prism.spi;

import java.util.Optional;
import java.util.Set;

/**
 * The entry point of a provider plugin, found with {@link java.util.ServiceLoader}: a jar declares
 * its factory in {@code META-INF/services/dev.prism.spi.ProviderFactory}.
 *
 * <p>The host calls {@link #create} once per configured provider (an operator may configure the
 * same type several times, for two regions say), at startup, on one thread. A factory that cannot
 * work with the configuration throws {@link ProviderConfig#invalid} so the operator sees the path of
 * the bad setting.
 */
public interface ProviderFactory {
    /** The {@code type} operators write in the config; matches {@code [a-z][a-z0-9-]*}, unique. */
    String type();

    /** A provider for one configured upstream. Must do no network I/O. */
    Provider create(ProviderConfig config, ProviderContext context);

    /** Settings that hold credentials; the host masks them wherever it shows configuration. */
    default Set<String> secretKeys() {
        return Set.of("api_key");
    }

    /**
     * The price list that applies to this provider's upstream models when the configuration's
     * {@code pricing} section does not price them: a name such as {@code openai}, for the resource
     * {@code META-INF/prism/prices/<name>.yaml}, looked up first on the factory's own class path
     * (so a plugin jar ships its own list), then on Prism's (which holds {@code openai}: OpenAI's
     * published media prices). The format is described in docs/cost.md.
     *
     * <p>Empty (the default) when the upstream's prices are not known, such as an OpenAI-compatible
     * server elsewhere: its calls are then unpriced, never billed at another upstream's rates. Called
     * once per configured provider at startup, after {@link #create} accepted {@code config}; a name
     * matches {@code [a-z0-9][a-z0-9-]*}. Since SPI 2.1.
     */
    default Optional<String> priceList(ProviderConfig config) {
        return Optional.empty();
    }
}
