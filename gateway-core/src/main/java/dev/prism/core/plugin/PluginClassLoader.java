package dev.prism.core.plugin;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The class loader of one plugin jar: the plugin sees the JDK, Prism's API and SPI packages, and
 * its own classes; not Prism's internals nor its libraries, so a plugin may bring its own versions
 * of Jackson or an HTTP client without clashing with the host's.
 */
final class PluginClassLoader extends URLClassLoader {
    private static final String[] SHARED_PACKAGES = {"dev.prism.api.", "dev.prism.spi."};

    private final ClassLoader host;

    PluginClassLoader(String name, URL[] urls, ClassLoader host) {
        super(name, urls, ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        for (String shared : SHARED_PACKAGES) {
            if (name.startsWith(shared)) {
                return host.loadClass(name);
            }
        }
        return super.loadClass(name, resolve);
    }
}
