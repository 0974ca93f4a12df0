package dev.prism.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.core.config.ConfigException;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.feature.BannerLine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LedgerFeatureTest {
    private static final String CORE = """
            providers:
              mock: { type: mock }
            models:
              tts-1: { targets: [ { provider: mock } ] }
            keys:
              - { name: demo, key: sk-prism-demo }
            """;

    private static LedgerSettings read(String section) {
        return load(section).feature(LedgerSettings.class);
    }

    private static GatewayConfig load(String section) {
        return new ConfigLoader(Map.of("PG_PASSWORD", "s3cret-pg")::get).parse(CORE + section);
    }

    @Test
    void withoutASectionTheLedgerIsOnInAnEmbeddedFileUnderData() {
        LedgerSettings settings = read("");

        assertThat(settings).isEqualTo(LedgerSettings.DEFAULT);
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.url()).isEqualTo("jdbc:h2:file:./data/prism-ledger");
        assertThat(settings.spillDir()).isEqualTo(Path.of("data", "ledger-spill"));
        assertThat(new LedgerFeature().module(settings)).isPresent();
    }

    @Test
    void everySettingIsRead() {
        LedgerSettings settings = read("""
                ledger:
                  url: jdbc:postgresql://db.internal:5432/prism
                  user: prism
                  password: ${PG_PASSWORD}
                  queue_rows: 200
                  batch_rows: 50
                  spill_dir: /var/lib/prism/spill
                  spill_max_mb: 16
                  retry_backoff: 100ms
                  retry_max_backoff: 10s
                  connect_timeout: 2s
                  flush_timeout: 3s
                  pool_size: 3
                """);

        assertThat(settings.url()).isEqualTo("jdbc:postgresql://db.internal:5432/prism");
        assertThat(settings.user()).contains("prism");
        assertThat(settings.password().orElseThrow().reveal()).isEqualTo("s3cret-pg");
        assertThat(settings.queueRows()).isEqualTo(200);
        assertThat(settings.batchRows()).isEqualTo(50);
        assertThat(settings.spillDir()).isEqualTo(Path.of("/var/lib/prism/spill"));
        assertThat(settings.spillMaxBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(settings.retryBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.retryMaxBackoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.flushTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.poolSize()).isEqualTo(3);
        assertThat(settings.toString()).doesNotContain("s3cret-pg");
    }

    @Test
    void offMeansNoModule() {
        LedgerSettings settings = read("ledger: { enabled: false }");

        assertThat(new LedgerFeature().module(settings)).isEmpty();
        assertThat(new LedgerFeature().bannerLine(settings)).contains(new BannerLine("ledger", "off (no usage is recorded)"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ledger: { url: 'postgres://db/prism' }          | ledger.url: expected a JDBC URL such as jdbc:postgresql://HOST:5432/DATABASE",
            "ledger: { queue_rows: 0 }                      | ledger.queue_rows: must be at least 1",
            "ledger: { batch_rows: 0 }                      | ledger.batch_rows: must be at least 1",
            "ledger: { spill_max_mb: -1 }                   | ledger.spill_max_mb: must be at least 0",
            "ledger: { pool_size: 1 }                       | ledger.pool_size: must be at least 2",
            "ledger: { retry_backoff: 0s }                  | ledger.retry_backoff: must be more than 0",
            "ledger: { retry_backoff: 5s, retry_max_backoff: 1s } | ledger.retry_max_backoff: must be at least retry_backoff (5s)",
            "ledger: { connect_timeout: 100ms }             | ledger.connect_timeout: must be at least 250ms",
            "ledger: { enabled: maybe }                     | ledger.enabled: expected true or false",
            "ledger: { urll: 'jdbc:h2:mem:x' }              | ledger.urll: unknown key; did you mean 'url'?"})
    void mistakesNameTheSetting(String section, String message) {
        assertThatThrownBy(() -> read(section)).isInstanceOf(ConfigException.class).hasMessageStartingWith(message);
    }

    @Test
    void aUrlThatIsRefusedIsNotQuotedForItMayHoldAPassword() {
        assertThatThrownBy(() -> read("ledger: { url: 'postgresql://u:hunter2@db/prism' }"))
                .isInstanceOf(ConfigException.class).message().doesNotContain("hunter2");
    }

    @Test
    void theBannerNamesTheDatabaseWithoutItsCredentials() {
        LedgerSettings postgres = read("ledger: { url: 'jdbc:postgresql://db:5432/prism?user=prism&password=hunter2' }");
        LedgerSettings embedded = read("");

        assertThat(new LedgerFeature().bannerLine(postgres)).contains(new BannerLine("ledger", "jdbc:postgresql://db:5432/prism"));
        assertThat(new LedgerFeature().bannerLine(embedded).map(BannerLine::text).orElseThrow())
                .startsWith("H2 in /").endsWith("data/prism-ledger.mv.db");
        assertThat(postgres.redact("FATAL: password hunter2 refused")).isEqualTo("FATAL: password **** refused");
        assertThat(postgres.toString()).doesNotContain("hunter2");
    }

    @Test
    void anEmptyPasswordFromAnUnsetVariableDefaultIsNoPassword() {
        assertThat(read("ledger: { password: '' }").password()).isEqualTo(Optional.empty());
    }
}
