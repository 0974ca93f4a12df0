package dev.prism.plugin.ledger.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.cost.CallCost;
import dev.prism.core.ledger.LedgerRow;
import dev.prism.core.ledger.LedgerSettings;
import dev.prism.core.ledger.LedgerStore;
import dev.prism.core.ledger.LedgerWriter;
import dev.prism.core.ledger.UsageQuery;
import dev.prism.testkit.Await;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's writer against a real PostgreSQL that goes away mid-run (every connection cut, new
 * ones closed at once) and comes back: every row is in the database once, none lost, none twice.
 */
class PostgresOutageIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int BEFORE = 40;
    private static final int DURING = 300;
    private static final int AFTER = 40;

    @TempDir
    Path dir;

    private PostgresSchema schema;
    private TcpRelay relay;

    @BeforeEach
    void start() throws Exception {
        schema = PostgresSchema.create("outage");
        URI server = URI.create(schema.baseUrl().substring("jdbc:".length()));
        relay = TcpRelay.to(server.getHost(), server.getPort());
    }

    @AfterEach
    void stop() throws Exception {
        relay.close();
        schema.close();
    }

    /** The test server's URL through the relay, in the test's schema. */
    private String relayedUrl() {
        String base = schema.baseUrl();
        URI server = URI.create(base.substring("jdbc:".length()));
        return schema.withSchema(base.replace(server.getHost() + ":" + server.getPort(), "127.0.0.1:" + relay.port()));
    }

    private LedgerSettings settings() {
        // Little memory, so that the outage reaches the spill files; quick retries, so that recovery is quick.
        return new LedgerSettings(true, relayedUrl(), Optional.empty(), Optional.empty(), 50, 25, dir.resolve("spill"),
                64L * 1024 * 1024, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(2),
                Duration.ofSeconds(5), 2);
    }

    @Test
    void anOutageLosesNoRowAndCountsNoneTwice() throws Exception {
        LedgerSettings settings = settings();
        LedgerStore store = new JdbcLedgerBackend().create(settings);
        LedgerWriter writer = new LedgerWriter(store, call -> CallCost.UNPRICED, settings, Clock.systemUTC());
        writer.start();
        List<LedgerRow> rows = new ArrayList<>();
        IntStream.range(0, BEFORE + DURING + AFTER).forEach(i -> rows.add(LedgerStoreContract.served("team-" + i % 3,
                "tts-1", "openai", LedgerStoreContract.DAY_1.plusMillis(i), "0.00024", 16)));

        rows.subList(0, BEFORE).forEach(writer::keep);
        Await.until("the first rows are written", () -> writer.backlog().written() >= BEFORE, WAIT);

        relay.cut();
        rows.subList(BEFORE, BEFORE + DURING).forEach(writer::keep);
        Await.until("the writer finds the database gone", () -> !writer.backlog().databaseUp(), WAIT);
        Await.until("rows beyond memory are spilled", () -> writer.backlog().spilledBytes() > 0, WAIT);
        assertThat(count("SELECT COUNT(*) FROM ledger_calls")).isEqualTo(BEFORE);

        relay.restore();
        rows.subList(BEFORE + DURING, rows.size()).forEach(writer::keep);
        Await.until("every row is written", () -> {
            try {
                return count("SELECT COUNT(*) FROM ledger_calls") == rows.size();
            } catch (SQLException e) {
                return false;
            }
        }, WAIT);
        Await.until("the spill files are written and gone", () -> writer.backlog().spilledBytes() == 0, WAIT);
        writer.close();

        assertThat(writer.backlog().lost()).isZero();
        assertThat(callIds()).isEqualTo(new HashSet<>(rows.stream().map(LedgerRow::callId).toList()));
        assertThat(count("SELECT COUNT(*) FROM ledger_units")).isEqualTo(rows.size());
        LedgerStore reader = new JdbcLedgerBackend().create(settings.withUrl(schema.url()));
        assertThat(reader.usage(UsageQuery.between(LedgerStoreContract.DAY_1, LedgerStoreContract.DAY_2)).total().costUsd())
                .isEqualByComparingTo(new java.math.BigDecimal("0.00024").multiply(java.math.BigDecimal.valueOf(rows.size())));
        reader.close();
    }

    @Test
    void aDatabaseDownAtStartIsWaitedForAndRowsKeptUntilItComes() throws Exception {
        relay.cut();
        LedgerSettings settings = settings();
        LedgerWriter writer = new LedgerWriter(new JdbcLedgerBackend().create(settings), call -> CallCost.UNPRICED, settings,
                Clock.systemUTC());
        writer.start();
        List<LedgerRow> rows = IntStream.range(0, 20).mapToObj(i -> LedgerStoreContract.served("team-a", "tts-1", "openai",
                LedgerStoreContract.DAY_1.plusMillis(i), "0.00024", 16)).toList();
        rows.forEach(writer::keep);
        Await.until("the writer finds the database gone", () -> !writer.backlog().databaseUp(), WAIT);
        assertThat(writer.backlog().written()).isZero();

        relay.restore();

        Await.until("every row is written", () -> writer.backlog().written() >= 20, WAIT);
        writer.close();
        assertThat(count("SELECT COUNT(*) FROM ledger_calls")).isEqualTo(20);
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(schema.url());
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private Set<String> callIds() throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(schema.url());
                ResultSet rows = connection.createStatement().executeQuery("SELECT call_id FROM ledger_calls")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }
}
