package dev.prism.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.config.ConfigException;
import dev.prism.spi.ProviderFactory;
import dev.prism.spi.SpiVersion;
import dev.prism.testkit.FakeProviderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderCatalogTest {
    private static final ClassLoader HOST = ProviderCatalogTest.class.getClassLoader();

    @TempDir
    Path work;

    @TempDir
    Path pluginDir;

    private PluginJars jars() {
        return new PluginJars(work);
    }

    @Test
    void factoriesOnTheClassPathAreFound() {
        ProviderCatalog catalog = ProviderCatalog.discover(HOST, pluginDir.resolve("missing"));

        assertThat(catalog.types()).contains("fake");
        assertThat(catalog.factory("fake")).get().isInstanceOf(FakeProviderFactory.class);
        assertThat(catalog.factory("opnai")).isEmpty();
    }

    @Test
    void typesAreSorted() {
        ProviderCatalog catalog = ProviderCatalog.discover(HOST, pluginDir);

        assertThat(catalog.types()).isSorted();
    }

    @Test
    void factoryInAPluginJarIsFoundInItsOwnClassLoader() {
        jars().factoryJar(pluginDir, "echo.jar", "echo", "echo");

        ProviderCatalog catalog = ProviderCatalog.discover(HOST, pluginDir);

        assertThat(catalog.types()).contains("echo", "fake");
        ProviderFactory echo = catalog.factory("echo").orElseThrow();
        ClassLoader pluginLoader = echo.getClass().getClassLoader();
        assertThat(pluginLoader).isNotSameAs(HOST);
        assertThat(pluginLoader.getName()).isEqualTo("prism-plugin:echo.jar");
        assertThat(pluginLoader.getParent()).isSameAs(ClassLoader.getPlatformClassLoader());
    }

    @Test
    void pluginSharesTheSpiWithTheHostButSeesNoneOfItsInternalsOrLibraries() throws Exception {
        jars().factoryJar(pluginDir, "echo.jar", "echo", "echo");
        ClassLoader pluginLoader = ProviderCatalog.discover(HOST, pluginDir).factory("echo").orElseThrow()
                .getClass().getClassLoader();

        assertThat(Class.forName(ProviderFactory.class.getName(), false, pluginLoader)).isSameAs(ProviderFactory.class);
        assertThat(Class.forName(dev.prism.api.Secret.class.getName(), false, pluginLoader))
                .isSameAs(dev.prism.api.Secret.class);
        assertThatThrownBy(() -> Class.forName(ProviderCatalog.class.getName(), false, pluginLoader))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("com.google.common.collect.ImmutableList", false, pluginLoader))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName(FakeProviderFactory.class.getName(), false, pluginLoader))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void twoFactoriesWithTheSameTypeAreAnError() {
        PluginJars jars = jars();
        Path first = jars.factoryJar(pluginDir, "a-twin.jar", "twina", "twin");
        Path second = jars.factoryJar(pluginDir, "b-twin.jar", "twinb", "twin");

        assertThatThrownBy(() -> ProviderCatalog.discover(HOST, pluginDir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("plugins: provider type 'twin' is declared twice: by " + first + " and by " + second);
    }

    @Test
    void pluginDeclaringATypeOfTheClassPathIsAnErrorNotAnOverwrite() {
        Path clash = jars().factoryJar(pluginDir, "fake.jar", "clash", "fake");

        assertThatThrownBy(() -> ProviderCatalog.discover(HOST, pluginDir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("provider type 'fake' is declared twice")
                .hasMessageContaining("the class path")
                .hasMessageContaining(clash.toString());
    }

    @Test
    void typeThatIsNotAValidNameIsAnError() {
        jars().factoryJar(pluginDir, "bad.jar", "bad", "Open_AI");

        assertThatThrownBy(() -> ProviderCatalog.discover(HOST, pluginDir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("provider type 'Open_AI'")
                .hasMessageContaining("is not a valid type name");
    }

    @Test
    void jarWithoutAFactoryAndOtherFilesAreIgnored() throws Exception {
        PluginJars.emptyJar(pluginDir.resolve("docs.jar"));
        Files.writeString(pluginDir.resolve("README.md"), "not a jar");

        ProviderCatalog catalog = ProviderCatalog.discover(HOST, pluginDir);

        assertThat(catalog.types()).isEqualTo(ProviderCatalog.discover(HOST, pluginDir.resolve("missing")).types());
    }

    @Test
    void pluginJarBuiltAgainstAnOlderMajorOfTheSpiIsRefusedAtStartNamingTheJarAndBothVersions() {
        Path jar = jars().factoryJar(pluginDir, "old.jar", "old", "old", "1.0");

        assertThatThrownBy(() -> ProviderCatalog.discover(HOST, pluginDir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("plugins: plugin jar " + jar + " was built against SPI 1.0; this Prism implements SPI "
                        + SpiVersion.CURRENT + ": rebuild the plugin against it");
    }

    @Test
    void pluginJarThatDeclaresNoSpiVersionIsRefusedAtStart() {
        Path jar = jars().factoryJar(pluginDir, "unversioned.jar", "unversioned", "unversioned", null);

        assertThatThrownBy(() -> ProviderCatalog.discover(HOST, pluginDir))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("plugins: plugin jar " + jar + " declares no SPI version (manifest attribute "
                        + "Prism-SPI-Version)")
                .hasMessageNotContaining("\n");
    }

    @Test
    void pluginJarOfAnOlderMinorOfTheSameMajorIsAccepted() {
        String major = SpiVersion.CURRENT.substring(0, SpiVersion.CURRENT.indexOf('.'));
        jars().factoryJar(pluginDir, "minor.jar", "minor", "minor", major + ".0");

        assertThat(ProviderCatalog.discover(HOST, pluginDir).types()).contains("minor");
    }

    @Test
    void pluginJarOfANewerMinorIsRefused() {
        String major = SpiVersion.CURRENT.substring(0, SpiVersion.CURRENT.indexOf('.'));
        jars().factoryJar(pluginDir, "newer.jar", "newer", "newer", major + ".999");

        assertThatThrownBy(() -> ProviderCatalog.discover(HOST, pluginDir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("was built against SPI " + major + ".999");
    }
}
