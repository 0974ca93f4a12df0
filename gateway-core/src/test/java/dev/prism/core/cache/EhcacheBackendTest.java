package dev.prism.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.api.Operation;
import dev.prism.core.config.CacheSettings;
import dev.prism.core.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.cache.Cache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The embedded back end keeps its tiers to the megabytes configured, and Ehcache stays quiet doing it. */
class EhcacheBackendTest {
    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;

    private final EhcacheBackend backend = new EhcacheBackend();
    private final Logger ehcacheLogger = Logger.getLogger("org.ehcache");
    private final List<LogRecord> ehcacheRecords = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            ehcacheRecords.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level levelBefore;

    @BeforeEach
    void captureEhcacheLogs() {
        levelBefore = ehcacheLogger.getLevel();
        ehcacheLogger.addHandler(capture);
    }

    @AfterEach
    void release() {
        backend.close();
        ehcacheLogger.removeHandler(capture);
        ehcacheLogger.setLevel(levelBefore);
    }

    private CacheSettings tiers(long memoryMb, long diskMb) {
        return new CacheSettings(true, "ehcache", Duration.ofHours(1), memoryMb, diskMb, dir, "", false,
                Set.of(Operation.SPEECH));
    }

    /** Puts entries of 16 to 128 KB and checks after each one what the cache holds. Returns the most it held. */
    private static long fillCheckingTheBound(Cache<String, byte[]> cache, long totalBytes, long boundBytes) {
        Random sizes = new Random(42);
        long written = 0;
        long mostHeld = 0;
        for (int i = 0; written < totalBytes; i++) {
            byte[] entry = new byte[16 * 1024 + sizes.nextInt(112 * 1024)];
            cache.put("entry-" + i, entry);
            written += entry.length;
            long held = storedBytes(cache);
            assertThat(held).as("bytes held after %d bytes written", written).isLessThanOrEqualTo(boundBytes);
            mostHeld = Math.max(mostHeld, held);
        }
        return mostHeld;
    }

    /** What Ehcache logged at {@code level} or above, one line per record: level, logger, message, exception. */
    private List<String> ehcacheLogged(Level level) {
        return ehcacheRecords.stream().filter(r -> r.getLevel().intValue() >= level.intValue())
                .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()
                        + (r.getThrown() == null ? "" : " (" + r.getThrown() + ")"))
                .toList();
    }

    private static long storedBytes(Cache<String, byte[]> cache) {
        long bytes = 0;
        for (Cache.Entry<String, byte[]> entry : cache) {
            bytes += entry.getValue().length;
        }
        return bytes;
    }

    @Test
    void aMemoryTierOfNMegabytesNeverHoldsMoreThanNMegabytesOfEntries() {
        Cache<String, byte[]> cache = backend.open(tiers(1, 0), Duration.ofHours(1));

        long mostHeld = fillCheckingTheBound(cache, 4 * MB, MB);

        assertThat(mostHeld).as("the tier filled up before evicting").isGreaterThan(MB / 2);
    }

    @Test
    void aDiskTierOfNMegabytesNeverHoldsMoreThanNMegabytesOfEntries() {
        Cache<String, byte[]> cache = backend.open(tiers(1, 3), Duration.ofHours(1));

        long mostHeld = fillCheckingTheBound(cache, 5 * MB, 3 * MB);

        assertThat(mostHeld).as("the disk tier holds more than the memory tier").isGreaterThan(MB);
    }

    @Test
    void ehcacheLogsNothingAtWarningWhileOpeningStoringAndReading() {
        ehcacheLogger.setLevel(Level.ALL);
        Cache<String, byte[]> cache = backend.open(tiers(1, 2), Duration.ofHours(1));
        for (int i = 0; i < 8; i++) { // enough to evict from every tier
            cache.put("entry-" + i, new byte[300 * 1024]);
            assertThat(cache.get("entry-" + i)).hasSize(300 * 1024);
        }

        assertThat(ehcacheLogged(Level.INFO)).as("Ehcache's chatter, seen at ALL").isNotEmpty();
        assertThat(ehcacheLogged(Level.WARNING)).isEmpty();
    }

    @Test
    void ehcacheChatterStaysBelowInfoUnlessTheLoggingConfigurationAsksForIt() {
        ehcacheLogger.setLevel(null); // as in a fresh gateway without a level for org.ehcache
        Cache<String, byte[]> cache = backend.open(tiers(1, 4), Duration.ofHours(1));
        cache.put("first", new byte[1024]);
        cache.get("first");

        assertThat(ehcacheLogged(Level.ALL)).isEmpty();
        assertThat(ehcacheLogger.getLevel()).isEqualTo(Level.WARNING);
    }

    @Test
    void anOperatorsLevelForEhcacheIsKept() {
        ehcacheLogger.setLevel(Level.FINE);

        backend.open(tiers(1, 0), Duration.ofHours(1));

        assertThat(ehcacheLogger.getLevel()).isEqualTo(Level.FINE);
    }

    @ParameterizedTest(name = "disk_mb: {0}")
    @ValueSource(longs = {0, 2})
    void anAnswerOfTheLargestSizeTheBackendAdvertisesIsStoredInAFullTier(long diskMb) {
        ehcacheLogger.setLevel(Level.ALL);
        CacheSettings smallest = tiers(1, diskMb);
        Cache<String, byte[]> cache = backend.open(smallest, Duration.ofHours(1));
        for (int i = 0; i < 8; i++) {
            cache.put("entry-" + i, new byte[200 * 1024]);
        }
        int headers = 512; // what CachedAnswer adds to the body
        byte[] largest = new byte[(int) backend.largestEntryBytes(smallest) + headers];

        cache.put("largest", largest);

        assertThat(cache.get("largest")).hasSize(largest.length);
        assertThat(ehcacheRecords.stream().filter(r -> r.getThrown() != null).map(r -> r.getMessage() + " " + r.getThrown()))
                .as("failures Ehcache recovered from").isEmpty();
    }

    @Test
    void aMemoryTierLargerThanTheJvmAllowsOffTheHeapIsAConfigurationErrorNamingTheSetting() {
        long tooLargeMb = DirectMemory.limitBytes() / MB + 1;

        assertThatThrownBy(() -> backend.open(tiers(tooLargeMb, 0), Duration.ofHours(1)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cache.memory_mb: " + tooLargeMb + " MB does not fit")
                .hasMessageContaining("-XX:MaxDirectMemorySize");
    }

    @Test
    void anOpeningAfterCloseIsRefusedSoThatNoCacheIsLeftOpen() {
        backend.close();

        assertThatThrownBy(() -> backend.open(tiers(1, 0), Duration.ofHours(1)))
                .isInstanceOf(IllegalStateException.class).hasMessage("the embedded cache is closed");
    }
}
