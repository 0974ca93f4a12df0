package dev.prism.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.config.CacheSettings;
import dev.prism.core.config.ConfigException;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.GatewayConfig;
import org.junit.jupiter.api.Test;

/** The cache's back end is found by its name among those the class path declares, not from a fixed list. */
class CacheModuleTest {
    private static GatewayConfig config(String cache) {
        return new ConfigLoader(name -> null).parse("cache: " + cache);
    }

    @Test
    void aBackEndNoJarDeclaresIsAConfigurationErrorNamingThoseThatExist() {
        CacheModule module = new CacheModule(config("{ provider: memcached }").feature(CacheSettings.class));

        assertThatThrownBy(module::backend).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cache.provider: no cache back end 'memcached'. Available: ehcache");
    }

    @Test
    void theEmbeddedBackEndIsFoundByItsName() {
        try (CacheBackend backend = new CacheModule(config("{ provider: ehcache }").feature(CacheSettings.class)).backend()) {
            assertThat(backend.name()).isEqualTo("ehcache");
        }
    }
}
