package dev.prism.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prism.api.GatewayException;
import dev.prism.core.config.ConfigException;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.keys.KeyRing;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminAccessTest {
    private static final String ADMIN = "sk-admin-0123456789abcdef";
    private static final String CONFIG = """
            providers: { a: { type: fake } }
            models: { tts-1: { targets: [ { provider: a } ] } }
            keys: [ { name: team-a, key: sk-prism-team-a } ]
            admin: { key: "${PRISM_ADMIN_KEY}" }
            """;

    private static GatewayConfig load(String adminKey) {
        return new ConfigLoader(Map.of("PRISM_ADMIN_KEY", adminKey)::get).parse(CONFIG);
    }

    private final GatewayConfig config = load(ADMIN);
    private final AdminAccess access = new AdminAccess(
            java.util.HexFormat.of().parseHex(config.feature(AdminSettings.class).keySha256().orElseThrow()),
            new KeyRing(config.keys()));

    @Test
    void theAdminKeyIsLetThrough() {
        assertThatCode(() -> access.authorize("Bearer " + ADMIN)).doesNotThrowAnyException();
    }

    @Test
    void noKeyOrAnUnknownOneIs401AndAVirtualKeyIs403() {
        assertThat(catchThrowableOfType(GatewayException.class, () -> access.authorize(null)).httpStatus()).isEqualTo(401);
        assertThat(catchThrowableOfType(GatewayException.class, () -> access.authorize("Bearer sk-nope")).httpStatus())
                .isEqualTo(401);
        assertThat(catchThrowableOfType(GatewayException.class, () -> access.authorize("Basic " + ADMIN)).httpStatus())
                .isEqualTo(401);
        assertThat(catchThrowableOfType(GatewayException.class, () -> access.authorize("Bearer sk-prism-team-a"))
                .httpStatus()).isEqualTo(403);
    }

    @Test
    void onlyTheHashIsKeptAndTheSettingsPrintNeitherKeyNorHash() {
        AdminSettings settings = config.feature(AdminSettings.class);
        assertThat(settings.keySha256()).contains(KeyRing.hashOf(ADMIN));
        assertThat(settings.toString()).doesNotContain(ADMIN).doesNotContain(KeyRing.hashOf(ADMIN));
    }

    @Test
    void anEmptyKeyLeavesTheAdminApiOff() {
        assertThat(load("").feature(AdminSettings.class).enabled()).isFalse();
    }

    @Test
    void aShortKeyIsRefusedWithoutQuotingIt() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("short-admin"));
        assertThat(e.getMessage()).contains("admin.key").contains("16 characters").doesNotContain("short-admin");
    }
}
