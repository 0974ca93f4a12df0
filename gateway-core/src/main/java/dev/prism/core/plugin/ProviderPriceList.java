package dev.prism.core.plugin;

import java.net.URL;
import java.util.Objects;

/**
 * The price list a provider's factory names for it ({@link dev.prism.spi.ProviderFactory#priceList}),
 * found as a resource.
 *
 * @param name the list's name, such as {@code openai}
 * @param resource where its YAML is
 */
public record ProviderPriceList(String name, URL resource) {
    public ProviderPriceList {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(resource, "resource is null");
    }

    /** The resource a list of this name is read from. */
    public static String resourceOf(String name) {
        return "META-INF/prism/prices/" + name + ".yaml";
    }
}
