package dev.prism.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prism.api.GatewayException;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.KeySpec;
import dev.prism.testkit.MutableClock;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyDirectoryTest {
    private final MutableClock clock = MutableClock.startingAt("2026-11-29T12:00:00Z");
    private final InMemoryStoredKeys store = new InMemoryStoredKeys();
    private final StoredKeyCache cache = new StoredKeyCache(store, clock);
    private final List<KeySpec> configured = List.of(new KeySpec("ops", ConfigLoader.sha256("sk-prism-ops-key"),
            Optional.empty()));
    private final KeyDirectory directory = new KeyDirectory(configured, Set.of("tts-1", "whisper-1"), Optional.of(store),
            cache, clock, new SecureRandom());
    private final KeyRing ring = new KeyRing(configured, cache);

    @Test
    void anIssuedKeyIsThirtyTwoRandomBytesStoredOnlyAsItsHashAndWorksAtOnce() {
        KeyDirectory.IssuedKey issued = directory.issue("team-a", Optional.of(List.of("tts-1")),
                Optional.of("{\"usd\":5,\"period\":\"monthly\"}"), Optional.empty());

        String secret = issued.key().reveal();
        assertThat(secret).startsWith("sk-prism-");
        assertThat(Base64.getUrlDecoder().decode(secret.substring("sk-prism-".length()))).hasSize(32);
        assertThat(store.all().getFirst().sha256()).isEqualTo(ConfigLoader.sha256(secret));
        assertThat(store.all().getFirst().toString()).doesNotContain(secret);
        assertThat(ring.authenticate("Bearer " + secret)).isEqualTo(new VirtualKey("team-a", Optional.of(Set.of("tts-1"))));
    }

    @Test
    void twoIssuedKeysDiffer() {
        String a = directory.issue("a", Optional.empty(), Optional.empty(), Optional.empty()).key().reveal();
        String b = directory.issue("b", Optional.empty(), Optional.empty(), Optional.empty()).key().reveal();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void namesAreUniqueAcrossConfiguredAndStoredKeys() {
        directory.issue("team-a", Optional.empty(), Optional.empty(), Optional.empty());

        assertThat(catchThrowableOfType(GatewayException.class,
                () -> directory.issue("team-a", Optional.empty(), Optional.empty(), Optional.empty())).httpStatus())
                .isEqualTo(409);
        assertThat(catchThrowableOfType(GatewayException.class,
                () -> directory.issue("ops", Optional.empty(), Optional.empty(), Optional.empty())).httpStatus())
                .isEqualTo(409);
    }

    @Test
    void aConfiguredKeyCannotBeDeletedAndAnUnknownOneIsNotFound() {
        assertThat(catchThrowableOfType(GatewayException.class, () -> directory.revoke("ops")).httpStatus())
                .isEqualTo(409);
        assertThat(catchThrowableOfType(GatewayException.class, () -> directory.revoke("nobody")).httpStatus())
                .isEqualTo(404);
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceOnThisInstance() {
        String secret = directory.issue("team-a", Optional.empty(), Optional.empty(), Optional.empty()).key().reveal();
        ring.authenticate("Bearer " + secret);

        directory.revoke("team-a");

        GatewayException refused = catchThrowableOfType(GatewayException.class, () -> ring.authenticate("Bearer " + secret));
        assertThat(refused.httpStatus()).isEqualTo(401);
    }

    @Test
    void badNamesAndModelsAreRefusedNamingTheParameter() {
        assertThat(catchThrowableOfType(GatewayException.class,
                () -> directory.issue("has space", Optional.empty(), Optional.empty(), Optional.empty())).param())
                .isEqualTo("name");
        assertThat(catchThrowableOfType(GatewayException.class,
                () -> directory.issue("x", Optional.of(List.of("dall-e-9")), Optional.empty(), Optional.empty())).param())
                .isEqualTo("models");
        assertThat(catchThrowableOfType(GatewayException.class,
                () -> directory.issue("x", Optional.of(List.of()), Optional.empty(), Optional.empty())).param())
                .isEqualTo("models");
    }

    @Test
    void listsConfiguredKeysFirstThenStoredOnesWithoutSecrets() {
        directory.issue("team-a", Optional.of(List.of("tts-1")), Optional.of("{\"usd\":5,\"period\":\"monthly\"}"),
                Optional.of("{\"requests_per_minute\":2}"));

        assertThat(directory.list()).extracting(KeyDirectory.ListedKey::name, KeyDirectory.ListedKey::origin)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ops", KeyDirectory.Origin.CONFIG),
                        org.assertj.core.groups.Tuple.tuple("team-a", KeyDirectory.Origin.STORED));
        assertThat(directory.list().get(1).budgetJson()).contains("{\"usd\":5,\"period\":\"monthly\"}");
        assertThat(directory.list().get(1).rateLimitJson()).contains("{\"requests_per_minute\":2}");
        assertThat(cache.rateLimitJson("team-a")).contains("{\"requests_per_minute\":2}");
        assertThat(directory.list().getFirst().rateLimitJson()).isEmpty();
    }

    @Test
    void aRateLimitThatAConfiguredKeyCouldNotHaveIsRefusedNamingTheProblem() {
        for (String bad : List.of("{\"requests_per_fortnight\":2}", "{\"requests_per_minute\":0}",
                "{\"requests_per_minute\":\"many\"}", "{\"max_concurrent\":0}", "{\"max_concurrent\":null}",
                "{\"max_concurrent\":\"x\"}", "{\"requests_per_minute\":1.5}", "{\"requests_per_minute\":[1]}", "{}")) {
            GatewayException refused = catchThrowableOfType(GatewayException.class, () -> directory.issue("x",
                    Optional.empty(), Optional.empty(), Optional.of(bad)));
            assertThat(refused.httpStatus()).as(bad).isEqualTo(400);
            assertThat(refused.param()).as(bad).isEqualTo("rate_limit");
            assertThat(refused.getMessage()).as(bad).startsWith("The rate limit is not valid: rate_limit");
        }
        assertThat(store.all()).isEmpty();
    }

    @Test
    void aStoredKeyNamedLikeAConfiguredOneIsIgnoredByTheRingAndTheListing() {
        store.add(new StoredKey("ops", ConfigLoader.sha256("sk-prism-shadow"), Optional.empty(), Optional.empty(),
                Optional.empty(), clock.instant()));

        assertThat(catchThrowableOfType(GatewayException.class, () -> ring.authenticate("Bearer sk-prism-shadow"))
                .httpStatus()).isEqualTo(401);
        assertThat(ring.authenticate("Bearer sk-prism-ops-key").name()).isEqualTo("ops");
        assertThat(directory.list()).hasSize(1);
    }

    @Test
    void withoutTheLedgerNoKeyCanBeMade() {
        KeyDirectory off = new KeyDirectory(configured, Set.of("tts-1"), Optional.empty(), StoredKeyLookup.NONE, clock,
                new SecureRandom());
        assertThat(catchThrowableOfType(GatewayException.class,
                () -> off.issue("team-a", Optional.empty(), Optional.empty(), Optional.empty())).httpStatus())
                .isEqualTo(503);
        assertThat(off.list()).hasSize(1);
    }
}
