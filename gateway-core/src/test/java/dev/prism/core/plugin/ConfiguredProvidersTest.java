package dev.prism.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.config.ConfigException;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.ProviderSettings;
import dev.prism.spi.HttpTransport;
import dev.prism.spi.MediaPublisher;
import dev.prism.spi.Provider;
import dev.prism.spi.ProviderContext;
import dev.prism.testkit.FakeProvider;
import dev.prism.testkit.FakeProviderFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfiguredProvidersTest {
    private static final ClassLoader HOST = ConfiguredProvidersTest.class.getClassLoader();

    /** What the host hands providers; these providers never use it. */
    private static final ProviderContext CONTEXT = new ProviderContext() {
        @Override
        public String spiVersion() {
            return "1.0";
        }

        @Override
        public HttpTransport http() {
            return request -> {
                throw new IOException("no network in unit tests");
            };
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public MediaPublisher media() {
            return (bytes, contentType, ttl) -> {
                throw new UnsupportedOperationException("no media publishing in unit tests");
            };
        }
    };

    @TempDir
    Path pluginDir;

    @TempDir
    Path work;

    private static Map<String, ProviderSettings> providers(String yaml) {
        return new ConfigLoader(name -> null).parse(yaml).providers();
    }

    private ProviderCatalog classPathOnly() {
        return ProviderCatalog.discover(HOST, pluginDir.resolve("missing"));
    }

    @Test
    void eachConfiguredProviderIsCreatedByTheFactoryOfItsType() {
        FakeProvider registered = FakeProviderFactory.register(FakeProvider.named("cp-created"));

        try (ConfiguredProviders created = ConfiguredProviders.create(
                providers("providers: { cp-created: { type: fake } }"), classPathOnly(), CONTEXT)) {
            assertThat(created.byName("cp-created")).containsSame(registered);
            assertThat(created.all()).containsOnlyKeys("cp-created");
            assertThat(created.byName("other")).isEmpty();
        }
    }

    @Test
    void unknownTypeIsAnErrorListingTheAvailableTypes() {
        ProviderCatalog catalog = classPathOnly();

        assertThatThrownBy(() -> ConfiguredProviders.create(providers("providers: { x: { type: opnai } }"),
                catalog, CONTEXT))
                .isInstanceOf(ConfigException.class)
                .hasMessage("providers.x.type: no provider type 'opnai'. Available: " + String.join(", ", catalog.types()))
                .hasMessageContaining("fake");
    }

    @Test
    void settingTheFactoryNeverReadsIsAnUnknownKey() {
        assertThatThrownBy(() -> ConfiguredProviders.create(
                providers("providers: { x: { type: fake, timeout: 5s, retry: { max_attempts: 1 }, some_key: 1 } }"),
                classPathOnly(), CONTEXT))
                .isInstanceOf(ConfigException.class)
                .hasMessage("providers.x.some_key: unknown key. Known keys here: type, timeout, first_byte_timeout, retry, circuit_breaker, rate_limit, price_list");
    }

    @Test
    void settingsTheHostReadsAreNotUnknownToThePlugin() {
        try (ConfiguredProviders created = ConfiguredProviders.create(providers("""
                providers:
                  cp-host-settings:
                    type: fake
                    timeout: 5s
                    first_byte_timeout: 1s
                    retry: { max_attempts: 1 }
                    circuit_breaker: { failure_threshold: 2 }
                """), classPathOnly(), CONTEXT)) {
            assertThat(created.byName("cp-host-settings")).isPresent();
        }
    }

    @Test
    void pluginProviderIsCreatedWithItsOwnClassLoaderAsTheContextClassLoader() {
        new PluginJars(work).factoryJar(pluginDir, "echo.jar", "echo", "echo");
        ProviderCatalog catalog = ProviderCatalog.discover(HOST, pluginDir);
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        try (ConfiguredProviders created = ConfiguredProviders.create(
                providers("providers: { shouter: { type: echo, greeting: hi } }"), catalog, CONTEXT)) {
            Provider shouter = created.byName("shouter").orElseThrow();
            assertThat(shouter.name()).isEqualTo("shouter");
            assertThat(shouter.toString()).as("the plugin read its setting under the plugin's class loader")
                    .isEqualTo("hi from prism-plugin:echo.jar");
        }
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    @Test
    void settingAPluginNeverReadsIsAnUnknownKeyToo() {
        new PluginJars(work).factoryJar(pluginDir, "echo.jar", "echo", "echo");
        ProviderCatalog catalog = ProviderCatalog.discover(HOST, pluginDir);

        assertThatThrownBy(() -> ConfiguredProviders.create(
                providers("providers: { shouter: { type: echo, greting: hi } }"), catalog, CONTEXT))
                .isInstanceOf(ConfigException.class)
                .hasMessage("providers.shouter.greting: unknown key; did you mean 'greeting'?");
    }

    @Test
    void theFactoryNamesEachProvidersPriceListFoundOnTheClassPath() {
        try (ConfiguredProviders created = ConfiguredProviders.create(providers("""
                providers:
                  priced: { type: fake, price_list: openai }
                  unpriced: { type: fake }
                """), classPathOnly(), CONTEXT)) {
            assertThat(created.priceList("priced")).hasValueSatisfying(list -> {
                assertThat(list.name()).isEqualTo("openai");
                assertThat(list.resource().toString()).endsWith("META-INF/prism/prices/openai.yaml");
            });
            assertThat(created.priceList("unpriced")).isEmpty();
        }
    }

    @Test
    void aPriceListThatIsNowhereStopsTheStart() {
        assertThatThrownBy(() -> ConfiguredProviders.create(providers("""
                providers:
                  priced: { type: fake, price_list: no-such-list }
                """), classPathOnly(), CONTEXT))
                .isInstanceOf(ConfigException.class)
                .hasMessage("providers.priced.type: the provider type 'fake' names the price list 'no-such-list', but no "
                        + "META-INF/prism/prices/no-such-list.yaml is on its class path or Prism's");
        assertThatThrownBy(() -> ConfiguredProviders.create(providers("""
                providers:
                  priced: { type: fake, price_list: ../secrets }
                """), classPathOnly(), CONTEXT))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("which is not a price list name");
    }
}
