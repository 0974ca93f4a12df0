package dev.prism.core.plugin;

import dev.prism.core.config.ConfigException;
import dev.prism.spi.ProviderFactory;
import dev.prism.spi.SpiVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The provider types Prism can use: the factories on its own class path and those of the jars in the
 * plugin directory (each jar in its own {@link PluginClassLoader}). Two factories with one type are
 * an error, never a silent overwrite.
 */
public final class ProviderCatalog implements AutoCloseable {
    private final Map<String, ProviderFactory> factories;
    private final List<PluginClassLoader> loaders;

    private ProviderCatalog(Map<String, ProviderFactory> factories, List<PluginClassLoader> loaders) {
        this.factories = factories;
        this.loaders = loaders;
    }

    /** The factories visible to {@code host} plus those in the jars of {@code pluginDir} (if it exists). */
    public static ProviderCatalog discover(ClassLoader host, Path pluginDir) {
        Map<String, ProviderFactory> factories = new TreeMap<>();
        Map<String, String> origins = new TreeMap<>();
        for (ProviderFactory factory : ServiceLoader.load(ProviderFactory.class, host)) {
            register(factories, origins, factory, "the class path");
        }
        List<PluginClassLoader> loaders = new ArrayList<>();
        try {
            discoverPlugins(host, pluginDir, factories, origins, loaders);
        } catch (RuntimeException e) {
            loaders.forEach(ProviderCatalog::closeQuietly);
            throw e;
        }
        return new ProviderCatalog(Map.copyOf(factories), List.copyOf(loaders));
    }

    private static void discoverPlugins(ClassLoader host, Path pluginDir, Map<String, ProviderFactory> factories,
            Map<String, String> origins, List<PluginClassLoader> loaders) {
        for (Path jar : jarsIn(pluginDir)) {
            requireCompatibleSpi(jar);
            PluginClassLoader loader = new PluginClassLoader("prism-plugin:" + jar.getFileName(), new URL[] {url(jar)}, host);
            loaders.add(loader);
            int found = 0;
            for (ProviderFactory factory : ServiceLoader.load(ProviderFactory.class, loader)) {
                if (factory.getClass().getClassLoader() == loader) {
                    register(factories, origins, factory, jar.toString());
                    found++;
                }
            }
            if (found == 0) {
                System.getLogger(ProviderCatalog.class.getName()).log(System.Logger.Level.WARNING,
                        "Plugin jar {0} declares no dev.prism.spi.ProviderFactory", jar);
            }
        }
    }

    /**
     * Refuses a jar built against another major version of the SPI, or that does not say which it
     * was built against, before any of its classes is loaded: it would fail only on its first call
     * (an {@code AbstractMethodError}), long after start-up. Only jars that declare a provider
     * factory are checked (a jar of something else is warned about below); the providers on Prism's
     * own class path are built with it and are not checked.
     */
    static void requireCompatibleSpi(Path jar) {
        JarManifest manifest = JarManifest.of(jar);
        if (!manifest.declaresFactory()) {
            return;
        }
        if (manifest.spiVersion() == null) {
            throw new ConfigException("plugins", "plugin jar " + jar + " declares no SPI version (manifest attribute "
                    + SpiVersion.MANIFEST_ATTRIBUTE + "); this Prism implements SPI " + SpiVersion.CURRENT
                    + ": rebuild the plugin against it");
        }
        if (!SpiVersion.compatible(manifest.spiVersion())) {
            throw new ConfigException("plugins", "plugin jar " + jar + " was built against SPI " + manifest.spiVersion()
                    + "; this Prism implements SPI " + SpiVersion.CURRENT + ": rebuild the plugin against it");
        }
    }

    /** What a plugin jar says about itself, read without loading a class. */
    private record JarManifest(boolean declaresFactory, String spiVersion) {
        static JarManifest of(Path jar) {
            try (JarFile file = new JarFile(jar.toFile())) {
                boolean factory = file.getEntry("META-INF/services/" + ProviderFactory.class.getName()) != null;
                Manifest manifest = file.getManifest();
                return new JarManifest(factory, manifest == null ? null
                        : manifest.getMainAttributes().getValue(SpiVersion.MANIFEST_ATTRIBUTE));
            } catch (IOException e) {
                throw new ConfigException("plugins", "plugin jar " + jar + " cannot be read as a jar: " + e.getMessage());
            }
        }
    }

    private static void register(Map<String, ProviderFactory> factories, Map<String, String> origins,
            ProviderFactory factory, String origin) {
        String type = PluginCalls.withLoaderOf(factory, factory::type);
        if (type == null || !type.matches("[a-z][a-z0-9-]*")) {
            throw new ConfigException("plugins", "provider type '" + type + "' from " + origin
                    + " is not a valid type name ([a-z][a-z0-9-]*)");
        }
        if (factories.containsKey(type)) {
            throw new ConfigException("plugins", "provider type '" + type + "' is declared twice: by "
                    + origins.get(type) + " and by " + origin);
        }
        factories.put(type, factory);
        origins.put(type, origin);
    }

    private static List<Path> jarsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plugin directory " + dir, e);
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public java.util.Optional<ProviderFactory> factory(String type) {
        return java.util.Optional.ofNullable(factories.get(type));
    }

    /** Closes the plugin class loaders (their jar files); call after the providers are closed. */
    @Override
    public void close() {
        loaders.forEach(ProviderCatalog::closeQuietly);
    }

    private static void closeQuietly(PluginClassLoader loader) {
        try {
            loader.close();
        } catch (java.io.IOException e) {
            System.getLogger(ProviderCatalog.class.getName()).log(System.Logger.Level.WARNING,
                    "Could not close " + loader.getName(), e);
        }
    }

    /** The known types, sorted. */
    public List<String> types() {
        return factories.keySet().stream().sorted().toList();
    }
}
