package dev.prism.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.KeySpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyRingTest {
    private static final String PLAIN = "sk-prism-plain-key";
    private static final String HASHED = "sk-prism-hashed-key";

    /** The ring as the configuration makes it: one key written plainly, one as its SHA-256. */
    private final KeyRing ring = new KeyRing(new ConfigLoader(name -> null).parse("""
            providers: { a: { type: fake } }
            models:
              tts-1: { targets: [ { provider: a } ] }
              whisper-1: { targets: [ { provider: a } ] }
            keys:
              - { name: plain, key: %s, models: [tts-1] }
              - { name: hashed, key_sha256: %s }
            """.formatted(PLAIN, KeyRing.hashOf(HASHED))).keys());

    @Test
    void authenticatesABearerKeyConfiguredPlainly() {
        VirtualKey key = ring.authenticate("Bearer " + PLAIN);

        assertThat(key.name()).isEqualTo("plain");
        assertThat(key.allowedModels()).contains(Set.of("tts-1"));
    }

    @Test
    void authenticatesABearerKeyConfiguredByItsSha256() {
        VirtualKey key = ring.authenticate("Bearer " + HASHED);

        assertThat(key.name()).isEqualTo("hashed");
        assertThat(key.allowedModels()).isEmpty();
    }

    @Test
    void bearerSchemeIsCaseInsensitiveAndSurroundingSpaceIsIgnored() {
        assertThat(ring.authenticate("  bearer   " + PLAIN + "  ").name()).isEqualTo("plain");
    }

    @Test
    void unknownKeyIs401InvalidApiKey() {
        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> ring.authenticate("Bearer sk-prism-unknown"));

        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(e.code()).isEqualTo("invalid_api_key");
    }

    @Test
    void keyWithoutTheBearerSchemeIs401InvalidApiKey() {
        GatewayException e = catchThrowableOfType(GatewayException.class, () -> ring.authenticate(PLAIN));

        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(e.code()).isEqualTo("invalid_api_key");
    }

    @Test
    void missingHeaderIs401AuthenticationWithNoCode() {
        for (String missing : new String[] {null, "", "   "}) {
            GatewayException e = catchThrowableOfType(GatewayException.class, () -> ring.authenticate(missing));

            assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
            assertThat(e.httpStatus()).isEqualTo(401);
            assertThat(e.code()).isNull();
            assertThat(e.getMessage()).contains("You didn't provide an API key");
        }
    }

    @Test
    void errorMessageNeverContainsThePresentedKey() {
        String presented = "sk-live-0123456789abcdef-real-secret";
        for (String header : List.of("Bearer " + presented, presented, "Basic " + presented)) {
            GatewayException e = catchThrowableOfType(GatewayException.class, () -> ring.authenticate(header));

            assertThat(e.getMessage()).doesNotContain(presented).doesNotContain("0123456789abcdef");
            assertThat(String.valueOf(e)).doesNotContain(presented);
        }
    }

    @Test
    void keyDiffersFromAConfiguredOneOnlyByCaseIsRefused() {
        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> ring.authenticate("Bearer " + PLAIN.toUpperCase(java.util.Locale.ROOT)));

        assertThat(e.code()).isEqualTo("invalid_api_key");
    }

    @Test
    void hashOfIsTheHexSha256OfTheKey() {
        assertThat(KeyRing.hashOf("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void ringBuiltFromKeySpecsDirectlyAuthenticates() {
        KeyRing direct = new KeyRing(List.of(new KeySpec("direct", ConfigLoader.sha256("sk-prism-direct"),
                Optional.empty())));

        assertThat(direct.authenticate("Bearer sk-prism-direct").name()).isEqualTo("direct");
    }

    @Test
    void keyWithoutAModelListMayUseEveryAlias() {
        VirtualKey any = new VirtualKey("any", Optional.empty());

        assertThat(any.mayUse("tts-1")).isTrue();
        assertThat(any.mayUse("anything-at-all")).isTrue();
    }

    @Test
    void keyWithAModelListMayUseOnlyThoseAliases() {
        VirtualKey some = new VirtualKey("some", Optional.of(Set.of("tts-1")));

        assertThat(some.mayUse("tts-1")).isTrue();
        assertThat(some.mayUse("whisper-1")).isFalse();
    }

    @Test
    void keyWithAnEmptyModelListMayUseNothing() {
        VirtualKey none = new VirtualKey("none", Optional.of(Set.of()));

        assertThat(none.mayUse("tts-1")).isFalse();
    }
}
