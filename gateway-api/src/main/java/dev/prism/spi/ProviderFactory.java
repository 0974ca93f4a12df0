package dev.prism.spi;

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
}
