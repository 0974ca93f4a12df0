package dev.prism.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.config.CacheSettings;
import dev.prism.core.config.ConfigException;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.GatewayConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void theEmbeddedCacheInMemoryOpensOnceTheGatewayListensAndAnyOtherAtStart(@TempDir Path dir) {
        GatewayConfig inMemory = config("{ provider: ehcache, disk_mb: 0 }");
        GatewayConfig onDisk = config("{ provider: ehcache, memory_mb: 1, disk_mb: 2, dir: \"" + dir + "\" }");
        CacheModule memoryModule = new CacheModule(inMemory.feature(CacheSettings.class));
        CacheModule diskModule = new CacheModule(onDisk.feature(CacheSettings.class));
        try (EhcacheBackend memoryBackend = new EhcacheBackend(); EhcacheBackend diskBackend = new EhcacheBackend()) {
            AnswerStore deferred = memoryModule.answers(memoryBackend, inMemory);
            AnswerStore opened = diskModule.answers(diskBackend, onDisk);

            assertThat(deferred).isInstanceOf(OpeningAnswerStore.class);
            assertThat(memoryModule.opening(deferred)).isSameAs(deferred);
            assertThat(opened).isNotInstanceOf(OpeningAnswerStore.class);
            assertThat(dir).isNotEmptyDirectory();
        }
    }
}
