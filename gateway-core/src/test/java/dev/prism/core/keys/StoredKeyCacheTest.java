package dev.prism.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.config.ConfigLoader;
import dev.prism.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoredKeyCacheTest {
    private final MutableClock clock = MutableClock.startingAt("2026-11-29T12:00:00Z");
    private final InMemoryStoredKeys store = new InMemoryStoredKeys();
    private final StoredKeyCache cache = new StoredKeyCache(store, clock);

    private static StoredKey key(String name, String secret) {
        return new StoredKey(name, ConfigLoader.sha256(secret), Optional.empty(), Optional.empty(), Optional.empty(),
                Instant.parse("2026-11-29T11:00:00Z"));
    }

    @Test
    void aKeyDeletedElsewhereIsRefusedOnceTheCopyIsOlderThanItsMaximumAge() {
        store.add(key("team-a", "sk-prism-team-a"));
        assertThat(cache.find(ConfigLoader.sha256("sk-prism-team-a"))).map(VirtualKey::name).contains("team-a");

        store.remove("team-a");
        clock.advance(StoredKeyCache.MAX_AGE.minusMillis(1));
        assertThat(cache.find(ConfigLoader.sha256("sk-prism-team-a"))).as("still within the copy's age").isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.find(ConfigLoader.sha256("sk-prism-team-a"))).isEmpty();
    }

    @Test
    void readsTheDatabaseAtMostOnceAMaximumAgeHoweverManyKeysArePresented() {
        store.add(key("team-a", "sk-prism-team-a"));
        for (int i = 0; i < 50; i++) {
            cache.find(ConfigLoader.sha256(i % 2 == 0 ? "sk-prism-team-a" : "sk-unknown-" + i));
        }
        assertThat(store.reads()).isEqualTo(1);
    }

    @Test
    void refreshShowsThisInstancesOwnChangeAtOnce() {
        cache.find(ConfigLoader.sha256("anything"));
        store.add(key("team-b", "sk-prism-team-b"));
        cache.refresh();
        assertThat(cache.find(ConfigLoader.sha256("sk-prism-team-b"))).isPresent();
    }

    @Test
    void keepsTheLastCopyWhileTheDatabaseIsDownAndAnswers503BeforeAnyCopy() {
        store.down(true);
        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> cache.find(ConfigLoader.sha256("sk-prism-team-a")));
        assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);

        store.down(false);
        store.add(key("team-a", "sk-prism-team-a"));
        clock.advance(StoredKeyCache.MAX_AGE);
        assertThat(cache.find(ConfigLoader.sha256("sk-prism-team-a"))).isPresent();
        store.down(true);
        clock.advance(StoredKeyCache.MAX_AGE);
        assertThat(cache.find(ConfigLoader.sha256("sk-prism-team-a"))).isPresent();
    }
}
