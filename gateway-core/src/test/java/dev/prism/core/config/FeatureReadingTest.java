package dev.prism.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.feature.FeatureSettings;
import dev.prism.core.feature.GatewayFeature;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the loader reads the sections of the features it is given, next to the core sections. */
class FeatureReadingTest {
    /** {@code ledger: { table: ... }}, which reads the {@code store:} section's settings. */
    record LedgerSettings(String table, StoreSettings store) {}

    record StoreSettings(String url) {}

    static final class LedgerFeature implements GatewayFeature<LedgerSettings> {
        private final String key;

        LedgerFeature(String key) {
            this.key = key;
        }

        @Override
        public String configKey() {
            return key;
        }

        @Override
        public Class<LedgerSettings> settingsType() {
            return LedgerSettings.class;
        }

        @Override
        public LedgerSettings read(ConfigNode node, FeatureSettings others) {
            StoreSettings store = others.of(StoreSettings.class);
            String table = node.string("table").orElse("calls");
            if (!table.matches("[a-z_]+")) {
                throw node.error("table", "expected a table name such as calls");
            }
            node.rejectUnknownKeys();
            return new LedgerSettings(table, store);
        }
    }

    static final class StoreFeature implements GatewayFeature<StoreSettings> {
        @Override
        public String configKey() {
            return "store";
        }

        @Override
        public Class<StoreSettings> settingsType() {
            return StoreSettings.class;
        }

        @Override
        public StoreSettings read(ConfigNode node, FeatureSettings others) {
            Optional<String> url = node.string("url");
            if (url.isPresent() && !url.get().startsWith("postgresql://")) {
                throw node.error("url", "expected postgresql://HOST/DB");
            }
            node.rejectUnknownKeys();
            return new StoreSettings(url.orElse("postgresql://127.0.0.1/prism"));
        }
    }

    private static GatewayConfig parse(List<GatewayFeature<?>> features, String yaml) {
        return new ConfigLoader(name -> null, warning -> {}, features).parse(yaml);
    }

    private static final List<GatewayFeature<?>> LEDGER_FIRST = List.of(new LedgerFeature("ledger"), new StoreFeature());

    @Test
    void aFeatureGetsTheSettingsOfAnotherWhateverTheOrderTheyWereFoundIn() {
        String yaml = "ledger: { table: media_calls }\nstore: { url: \"postgresql://db/prism\" }";

        assertThat(parse(LEDGER_FIRST, yaml).feature(LedgerSettings.class))
                .isEqualTo(new LedgerSettings("media_calls", new StoreSettings("postgresql://db/prism")));
        assertThat(parse(LEDGER_FIRST.reversed(), yaml).feature(LedgerSettings.class).store().url())
                .isEqualTo("postgresql://db/prism");
    }

    @Test
    void absentSectionsGiveTheFeaturesDefaults() {
        assertThat(parse(LEDGER_FIRST, "routing: {}").feature(LedgerSettings.class))
                .isEqualTo(new LedgerSettings("calls", new StoreSettings("postgresql://127.0.0.1/prism")));
    }

    @Test
    void everyFeaturesMistakesComeWithTheCoresTheSectionReadFromFirst() {
        String yaml = "server: { port: -1 }\nledger: { table: \"Media Calls\" }\nstore: { url: \"mysql://db\" }\nledgr: {}";

        assertThatThrownBy(() -> parse(LEDGER_FIRST, yaml)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).containsExactly(
                        "server.port: expected a port between 0 and 65535",
                        "store.url: expected postgresql://HOST/DB",
                        "ledger.table: expected a table name such as calls",
                        "ledgr: unknown key; did you mean 'ledger'?"));
    }

    @Test
    void aSectionNoFeatureClaimsIsAnUnknownKey() {
        assertThatThrownBy(() -> parse(List.of(), "ledger: { table: calls }"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("ledger: unknown key");
    }

    @Test
    void twoFeaturesClaimingOneSectionAreRefusedNotSettledByClassPathOrder() {
        assertThatThrownBy(() -> parse(List.of(new LedgerFeature("ledger"), new LedgerFeature("ledger"), new StoreFeature()),
                "routing: {}")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ledger: claimed by two features");
    }

    @Test
    void aFeatureMayNotClaimACoreSection() {
        assertThatThrownBy(() -> parse(List.of(new LedgerFeature("server"), new StoreFeature()), "routing: {}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("server: claimed by the feature")
                .hasMessageContaining("but it is a core section");
    }

    @Test
    void theBuiltInFeaturesOwnTheAdminCacheRedisPricingAndLedgerSections() {
        GatewayConfig config = new ConfigLoader(name -> null, warning -> {}).parse("routing: {}");

        assertThat(config.features().keys()).containsExactly("access_log", "admin", "cache", "ledger", "pricing", "rate_limit", "redis",
                "telemetry");
        assertThat(config.feature(dev.prism.core.admin.AdminSettings.class))
                .isEqualTo(dev.prism.core.admin.AdminSettings.OFF);
        assertThat(config.feature(dev.prism.core.cost.PricingSettings.class))
                .isEqualTo(dev.prism.core.cost.PricingSettings.NONE);
        assertThat(config.feature(dev.prism.core.ledger.LedgerSettings.class))
                .isEqualTo(dev.prism.core.ledger.LedgerSettings.DEFAULT);
        assertThat(config.feature(CacheSettings.class)).isEqualTo(CacheSettings.disabled());
        assertThat(config.feature(RedisSettings.class)).isEqualTo(RedisSettings.DEFAULT);
    }
}
