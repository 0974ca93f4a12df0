package dev.prism.plugin.ledger.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.api.ErrorKind;
import dev.prism.api.Operation;
import dev.prism.api.UsageUnit;
import dev.prism.core.keys.KeyNameTakenException;
import dev.prism.core.keys.StoredKey;
import dev.prism.core.ledger.LedgerRow;
import dev.prism.core.ledger.LedgerSettings;
import dev.prism.core.ledger.LedgerStore;
import dev.prism.core.ledger.UsageGroup;
import dev.prism.core.ledger.UsageGrouping;
import dev.prism.core.ledger.UsageQuery;
import dev.prism.core.ledger.UsageReport;
import dev.prism.core.ledger.UsageTotals;
import dev.prism.core.record.CacheStatus;
import dev.prism.core.record.CallIds;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every ledger database must do, run against H2 and against a real PostgreSQL: the schema is
 * made by the migrations, a row written twice counts once, and the read side's sums are exact.
 */
abstract class LedgerStoreContract {
    static final Instant DAY_1 = Instant.parse("2026-11-23T00:00:00Z");
    static final Instant DAY_2 = Instant.parse("2026-11-24T00:00:00Z");
    static final Instant DAY_3 = Instant.parse("2026-11-25T00:00:00Z");

    private LedgerStore store;

    /** Settings of a database of the test's own, empty. */
    abstract LedgerSettings settings();

    /** Makes the database empty: before each test, and when a test needs to start from no schema. */
    void empty() {}

    @BeforeEach
    void open() {
        empty();
        store = new JdbcLedgerBackend().create(settings());
        store.open();
    }

    @AfterEach
    void close() {
        store.close();
    }

    static LedgerRow row(String key, String model, String provider, Instant started, String costUsd, String savedUsd,
            CacheStatus cache, int status, Map<UsageUnit, BigDecimal> usage) {
        return new LedgerRow(CallIds.next(started), started, "req-" + started.toEpochMilli(), key,
                Optional.of(Operation.SPEECH), Optional.ofNullable(model), Optional.ofNullable(provider),
                Optional.ofNullable(model), usage, false, Optional.ofNullable(costUsd).map(BigDecimal::new),
                new BigDecimal(savedUsd), false, cache, status,
                status >= 400 ? Optional.of(ErrorKind.UPSTREAM_FAILED) : Optional.empty(), 42, cache == CacheStatus.HIT ? 0 : 1);
    }

    static LedgerRow served(String key, String model, String provider, Instant started, String costUsd, long characters) {
        return row(key, model, provider, started, costUsd, "0", CacheStatus.MISS, 200,
                Map.of(UsageUnit.CHARACTERS, BigDecimal.valueOf(characters)));
    }

    private long count(String sql) throws SQLException {
        LedgerSettings s = settings();
        try (Connection connection = DriverManager.getConnection(s.url(), s.user().orElse(null),
                s.password().map(p -> p.reveal()).orElse(null)); ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void theMigrationsMakeTheSchemaAndOpeningAgainChangesNothing() throws SQLException {
        String history = "SELECT COUNT(*) FROM \"" + JdbcLedgerStore.HISTORY_TABLE + "\"";
        long applied = count(history);

        store.open();
        LedgerStore again = new JdbcLedgerBackend().create(settings());
        again.open();
        again.close();

        assertThat(count(history + " WHERE \"version\" = '1' AND \"success\"")).isEqualTo(1);
        assertThat(count(history)).isEqualTo(applied);
        assertThat(count("SELECT COUNT(*) FROM ledger_calls")).isZero();
    }

    @Test
    void aRowWrittenAgainIsCountedOnce() throws SQLException {
        LedgerRow first = served("team-a", "tts-1", "openai", DAY_1.plusSeconds(10), "0.00024", 16);
        LedgerRow second = served("team-a", "tts-1", "openai", DAY_1.plusSeconds(20), "0.00024", 16);
        store.insert(List.of(first));

        // A batch retried after a timeout whose write went through, with a row that is new.
        store.insert(List.of(first, second));
        store.insert(List.of(first, second));

        assertThat(count("SELECT COUNT(*) FROM ledger_calls")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM ledger_units")).isEqualTo(2);
        UsageTotals total = store.usage(UsageQuery.between(DAY_1, DAY_2)).total();
        assertThat(total.requests()).isEqualTo(2);
        assertThat(total.costUsd()).isEqualByComparingTo("0.00048");
        assertThat(total.units()).containsEntry(UsageUnit.CHARACTERS, new BigDecimal("32"));
    }

    @Test
    void sumsPerKeyAreExactAndCountEveryFate() {
        store.insert(List.of(
                served("team-a", "tts-1", "openai", DAY_1.plusSeconds(1), "0.00024", 16),
                served("team-a", "whisper-1", "openai", DAY_1.plusSeconds(2), "0.0061", 0),
                row("team-a", "tts-1", "openai", DAY_1.plusSeconds(3), "0", "0.00024", CacheStatus.HIT, 200,
                        Map.of(UsageUnit.CHARACTERS, BigDecimal.valueOf(16))),
                row("team-a", "tts-1", "openai", DAY_1.plusSeconds(4), null, "0", CacheStatus.MISS, 502, Map.of()),
                served("team-b", "self-hosted", "local", DAY_1.plusSeconds(5), null, 100),
                served("team-b", "tts-1", "openai", DAY_1.plusSeconds(6), "0.0000000001", 1)));

        UsageReport report = store.usage(UsageQuery.between(DAY_1, DAY_2).groupedBy(UsageGrouping.KEY));

        assertThat(report.groups()).extracting(g -> g.group().orElseThrow()).containsExactly("team-a", "team-b");
        UsageTotals a = report.groups().get(0).totals();
        assertThat(a.requests()).isEqualTo(4);
        assertThat(a.errors()).isEqualTo(1);
        assertThat(a.cacheHits()).isEqualTo(1);
        assertThat(a.costUsd()).isEqualTo(new BigDecimal("0.00634"));
        assertThat(a.savedUsd()).isEqualTo(new BigDecimal("0.00024"));
        assertThat(a.unpriced()).isEqualTo(1);
        assertThat(a.units()).isEqualTo(Map.of(UsageUnit.CHARACTERS, new BigDecimal("32")));
        UsageTotals b = report.groups().get(1).totals();
        assertThat(b.requests()).isEqualTo(2);
        assertThat(b.costUsd()).isEqualTo(new BigDecimal("1E-10"));
        assertThat(b.unpriced()).isEqualTo(1);
        assertThat(report.total().requests()).isEqualTo(6);
        assertThat(report.total().costUsd()).isEqualTo(new BigDecimal("0.0063400001"));
        assertThat(report.total().units()).isEqualTo(Map.of(UsageUnit.CHARACTERS, new BigDecimal("133")));
    }

    @Test
    void theWindowIncludesItsStartAndExcludesItsEnd() {
        store.insert(List.of(
                served("team-a", "tts-1", "openai", DAY_1.minusMillis(1), "1", 1),
                served("team-a", "tts-1", "openai", DAY_1, "2", 1),
                served("team-a", "tts-1", "openai", DAY_2.minusMillis(1), "4", 1),
                served("team-a", "tts-1", "openai", DAY_2, "8", 1)));

        UsageTotals total = store.usage(UsageQuery.between(DAY_1, DAY_2)).total();

        assertThat(total.requests()).isEqualTo(2);
        assertThat(total.costUsd()).isEqualTo(new BigDecimal("6"));
    }

    @Test
    void daysAreUtcDaysWhateverTheZoneOfTheMachine() {
        TimeZone zone = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            store.insert(List.of(
                    served("team-a", "tts-1", "openai", DAY_2.minusMillis(1), "1", 1),
                    served("team-a", "tts-1", "openai", DAY_2, "2", 1),
                    served("team-a", "tts-1", "openai", DAY_3.minusSeconds(1), "4", 1)));

            UsageReport report = store.usage(UsageQuery.between(DAY_1, DAY_3).groupedBy(UsageGrouping.DAY));

            assertThat(report.groups()).extracting(g -> g.group().orElseThrow()).containsExactly("2026-11-23", "2026-11-24");
            assertThat(report.groups()).extracting(g -> g.totals().costUsd())
                    .containsExactly(new BigDecimal("1"), new BigDecimal("6"));
        } finally {
            TimeZone.setDefault(zone);
        }
    }

    @Test
    void filtersNarrowAndGroupingsSplitByModelAndProvider() {
        store.insert(List.of(
                served("team-a", "tts-1", "openai", DAY_1.plusSeconds(1), "0.1", 1),
                served("team-a", "tts-1", "azure", DAY_1.plusSeconds(2), "0.2", 1),
                served("team-a", "whisper-1", "openai", DAY_1.plusSeconds(3), "0.4", 1),
                served("team-b", "tts-1", "openai", DAY_1.plusSeconds(4), "0.8", 1),
                // Refused before its model was read, so no model and no provider.
                row("team-b", null, null, DAY_1.plusSeconds(5), null, "0", CacheStatus.NOT_CACHED, 400, Map.of())));
        UsageQuery day = UsageQuery.between(DAY_1, DAY_2);

        UsageReport byModel = store.usage(day.groupedBy(UsageGrouping.MODEL));
        assertThat(byModel.groups()).extracting(UsageGroup::group)
                .containsExactly(Optional.of("tts-1"), Optional.of("whisper-1"), Optional.empty());
        assertThat(byModel.groups().get(0).totals().costUsd()).isEqualTo(new BigDecimal("1.1"));

        UsageReport byProvider = store.usage(day.forKey("team-a").groupedBy(UsageGrouping.PROVIDER));
        assertThat(byProvider.groups()).extracting(g -> g.group().orElseThrow()).containsExactly("azure", "openai");
        assertThat(byProvider.groups()).extracting(g -> g.totals().costUsd())
                .containsExactly(new BigDecimal("0.2"), new BigDecimal("0.5"));

        assertThat(store.usage(day.forModel("tts-1").forProvider("openai")).total().costUsd()).isEqualTo(new BigDecimal("0.9"));
        assertThat(store.usage(day.forKey("team-b")).total().errors()).isEqualTo(1);
        assertThat(store.usage(day.forKey("nobody")).total()).isEqualTo(UsageTotals.NONE);
    }

    @Test
    void unitsOfEveryKindAreSummedPerGroup() {
        store.insert(List.of(
                row("team-a", "whisper-1", "openai", DAY_1.plusSeconds(1), "0.006", "0", CacheStatus.MISS, 200,
                        Map.of(UsageUnit.AUDIO_SECONDS, new BigDecimal("60.000"))),
                row("team-a", "whisper-1", "openai", DAY_1.plusSeconds(2), "0.0001", "0", CacheStatus.MISS, 200,
                        Map.of(UsageUnit.AUDIO_SECONDS, new BigDecimal("1.5"))),
                row("team-a", "gpt-image-1", "openai", DAY_1.plusSeconds(3), "0.2", "0", CacheStatus.MISS, 200,
                        Map.of(UsageUnit.IMAGES, BigDecimal.ONE, UsageUnit.INPUT_TEXT_TOKENS, BigDecimal.valueOf(50),
                                UsageUnit.OUTPUT_IMAGE_TOKENS, BigDecimal.valueOf(4160)))));

        UsageReport report = store.usage(UsageQuery.between(DAY_1, DAY_2).groupedBy(UsageGrouping.MODEL));

        assertThat(report.groups().get(0).totals().units()).isEqualTo(Map.of(UsageUnit.IMAGES, BigDecimal.ONE,
                UsageUnit.INPUT_TEXT_TOKENS, BigDecimal.valueOf(50), UsageUnit.OUTPUT_IMAGE_TOKENS, BigDecimal.valueOf(4160)));
        assertThat(report.groups().get(1).totals().units()).isEqualTo(Map.of(UsageUnit.AUDIO_SECONDS, new BigDecimal("61.5")));
    }

    @Test
    void anEmptyWindowGivesZeros() {
        UsageReport report = store.usage(UsageQuery.between(DAY_1, DAY_2).groupedBy(UsageGrouping.KEY));

        assertThat(report.groups()).isEmpty();
        assertThat(report.total()).isEqualTo(UsageTotals.NONE);
        assertThat(store.usage(UsageQuery.between(DAY_1, DAY_2)).total()).isEqualTo(UsageTotals.NONE);
    }

    @Test
    void longTextIsCutToTheColumnAndOddTextIsStoredAsIs() {
        String longModel = "m".repeat(1000);
        store.insert(List.of(served("tëam-ünïcode 'quoted'", longModel, "openai", DAY_1.plusSeconds(1), "1", 1)));

        UsageReport report = store.usage(UsageQuery.between(DAY_1, DAY_2).groupedBy(UsageGrouping.KEY));
        assertThat(report.groups().get(0).group()).contains("tëam-ünïcode 'quoted'");
        assertThat(store.usage(UsageQuery.between(DAY_1, DAY_2).groupedBy(UsageGrouping.MODEL)).groups().get(0).group())
                .contains("m".repeat(LedgerRow.MAX_TEXT));
    }

    @Test
    void keysAreStoredByHashWithTheirModelsAndTheirBudgetAndRateLimitAsTextAndDeletedByName() {
        byte[] hash = dev.prism.core.config.ConfigLoader.sha256("sk-prism-stored");
        Instant created = Instant.parse("2026-11-29T12:00:00Z");
        store.add(new StoredKey("team-b", dev.prism.core.config.ConfigLoader.sha256("sk-prism-b"), Optional.empty(),
                Optional.empty(), Optional.empty(), created));
        store.add(new StoredKey("team-a", hash, Optional.of(java.util.Set.of("tts-1", "whisper-1")),
                Optional.of("{\"usd\":50,\"period\":\"monthly\"}"),
                Optional.of("{\"requests_per_minute\":60,\"max_concurrent\":4}"), created));

        List<StoredKey> keys = store.all();
        assertThat(keys).extracting(StoredKey::name).containsExactly("team-a", "team-b");
        assertThat(keys.getFirst().sha256()).isEqualTo(hash);
        assertThat(keys.getFirst().models()).contains(java.util.Set.of("tts-1", "whisper-1"));
        assertThat(keys.getFirst().budgetJson()).contains("{\"usd\":50,\"period\":\"monthly\"}");
        assertThat(keys.getFirst().rateLimitJson()).contains("{\"requests_per_minute\":60,\"max_concurrent\":4}");
        assertThat(keys.getFirst().created()).isEqualTo(created);
        assertThat(keys.get(1).models()).isEmpty();
        assertThat(keys.get(1).budgetJson()).isEmpty();
        assertThat(keys.get(1).rateLimitJson()).isEmpty();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.add(new StoredKey("team-a",
                dev.prism.core.config.ConfigLoader.sha256("sk-prism-other"), Optional.empty(), Optional.empty(), Optional.empty(),
                created)))
                .isInstanceOf(KeyNameTakenException.class);
        assertThat(store.remove("team-a")).isTrue();
        assertThat(store.remove("team-a")).isFalse();
        assertThat(store.all()).extracting(StoredKey::name).containsExactly("team-b");
    }

    @Test
    void aKeyStoredBeforeTheRateLimitColumnReadsBackWithoutARateLimit() throws SQLException {
        store.close();
        empty();
        LedgerSettings s = settings();
        org.flywaydb.core.Flyway.configure(JdbcLedgerStore.class.getClassLoader())
                .dataSource(s.url(), s.user().orElse(null), s.password().map(p -> p.reveal()).orElse(null))
                .locations("classpath:db/ledger").table(JdbcLedgerStore.HISTORY_TABLE).target("3").load().migrate();
        execute("INSERT INTO prism_keys (name, key_sha256, models, budget, created_at) VALUES ('old', '"
                + java.util.HexFormat.of().formatHex(dev.prism.core.config.ConfigLoader.sha256("sk-prism-old"))
                + "', NULL, '{\"usd\":5,\"period\":\"daily\"}', TIMESTAMP '2026-11-01 00:00:00')");

        store = new JdbcLedgerBackend().create(settings());
        store.open();

        assertThat(store.all()).singleElement().satisfies(old -> {
            assertThat(old.name()).isEqualTo("old");
            assertThat(old.budgetJson()).contains("{\"usd\":5,\"period\":\"daily\"}");
            assertThat(old.rateLimitJson()).isEmpty();
        });
    }

    private void execute(String sql) throws SQLException {
        LedgerSettings s = settings();
        try (Connection connection = DriverManager.getConnection(s.url(), s.user().orElse(null),
                s.password().map(p -> p.reveal()).orElse(null)); java.sql.Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
