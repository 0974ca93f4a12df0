package dev.prism.core.plugin;

import dev.prism.spi.ProviderFactory;
import dev.prism.spi.SpiVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds provider plugin jars at test time: a tiny {@link ProviderFactory} compiled against the
 * gateway-api classes the tests run with, declared in {@code META-INF/services}, zipped into a jar.
 *
 * <p>The factory it writes reports what it saw: its provider's {@code toString()} is
 * {@code "<greeting> from <context class loader name>"}, {@code greeting} being a setting it reads.
 */
final class PluginJars {
    private final Path workDir;

    PluginJars(Path workDir) {
        this.workDir = workDir;
    }

    /** A jar in {@code dir} holding one factory of {@code type}, its class {@code plugin.<pkg>.Factory}. */
    Path factoryJar(Path dir, String jarName, String pkg, String type) {
        return factoryJar(dir, jarName, pkg, type, SpiVersion.CURRENT);
    }

    /** As {@link #factoryJar(Path, String, String, String)}, declaring {@code spiVersion} (none when null). */
    Path factoryJar(Path dir, String jarName, String pkg, String type, String spiVersion) {
        Path classes = compile(pkg, type);
        return jar(dir.resolve(jarName), classes, "plugin." + pkg + ".Factory", spiVersion);
    }

    private Path compile(String pkg, String type) {
        Path sources = workDir.resolve("src-" + pkg);
        Path classes = workDir.resolve("classes-" + pkg);
        try {
            Path file = sources.resolve("plugin/" + pkg + "/Factory.java");
            Files.createDirectories(file.getParent());
            Files.createDirectories(classes);
            Files.writeString(file, source(pkg, type));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new IllegalStateException("the tests need a JDK, not a JRE: no system Java compiler");
            }
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            int status = javac.run(null, diagnostics, diagnostics, "--release", "21", "-proc:none",
                    "-classpath", apiClasses().toString(), "-d", classes.toString(), file.toString());
            if (status != 0) {
                throw new IllegalStateException("compiling the test plugin failed:\n"
                        + diagnostics.toString(StandardCharsets.UTF_8));
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String source(String pkg, String type) {
        return """
                package plugin.%s;

                import dev.prism.spi.Provider;
                import dev.prism.spi.ProviderConfig;
                import dev.prism.spi.ProviderContext;
                import dev.prism.spi.ProviderFactory;
import dev.prism.spi.SpiVersion;

                public final class Factory implements ProviderFactory {
                    @Override
                    public String type() {
                        return "%s";
                    }

                    @Override
                    public Provider create(ProviderConfig config, ProviderContext context) {
                        String loader = Thread.currentThread().getContextClassLoader().getName();
                        String greeting = config.string("greeting").orElse("hello");
                        return new Provider() {
                            @Override
                            public String name() {
                                return config.name();
                            }

                            @Override
                            public String toString() {
                                return greeting + " from " + loader;
                            }
                        };
                    }
                }
                """.formatted(pkg, type);
    }

    /** Where gateway-api's classes are on the test class path: a jar or a classes directory. */
    static Path apiClasses() {
        try {
            return Path.of(ProviderFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path jar(Path jar, Path classes, String factoryClass, String spiVersion) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (spiVersion != null) {
            manifest.getMainAttributes().putValue(SpiVersion.MANIFEST_ATTRIBUTE, spiVersion);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.walk(classes)) {
            List<Path> classFiles = new ArrayList<>(files.filter(Files::isRegularFile).sorted().toList());
            for (Path file : classFiles) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + ProviderFactory.class.getName()));
            out.write((factoryClass + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    /** A jar with no factory in it, only a text file. */
    static Path emptyJar(Path jar) {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), new Manifest())) {
            out.putNextEntry(new JarEntry("README.txt"));
            out.write("no factories here".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }
}
