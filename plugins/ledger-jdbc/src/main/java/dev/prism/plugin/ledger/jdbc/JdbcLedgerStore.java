package dev.prism.plugin.ledger.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.prism.api.UsageUnit;
import dev.prism.core.ledger.LedgerRow;
import dev.prism.core.ledger.LedgerSettings;
import dev.prism.core.ledger.LedgerStore;
import dev.prism.core.ledger.LedgerUnavailableException;
import dev.prism.core.ledger.UsageQuery;
import dev.prism.core.ledger.UsageReport;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The ledger in H2 or PostgreSQL: a HikariCP pool, the schema kept by Flyway
 * ({@code db/ledger/V*.sql}, with its own history table so that a database shared with other
 * applications is no trouble), batched inserts that leave a row already there alone.
 */
final class JdbcLedgerStore implements LedgerStore {
    private static final System.Logger LOG = System.getLogger(JdbcLedgerStore.class.getName());
    static final String HISTORY_TABLE = "prism_ledger_schema_history";
    private static final String CALL_COLUMNS = "call_id, started_at, request_id, key_name, endpoint, model_alias, provider, "
            + "upstream_model, usage_estimated, cost_usd, saved_usd, cost_estimated, unpriced, cache_status, status, error_kind, "
            + "failed, latency_ms, attempts";
    private static final String UNIT_COLUMNS = "call_id, unit, amount";

    private final LedgerSettings settings;
    private final SqlDialect dialect;
    private final String insertCall;
    private final String insertUnit;
    private HikariDataSource pool;
    private volatile boolean ready;
    private boolean closed;

    JdbcLedgerStore(LedgerSettings settings, SqlDialect dialect) {
        this.settings = settings;
        this.dialect = dialect;
        this.insertCall = dialect.insertOnce("ledger_calls", CALL_COLUMNS, "call_id");
        this.insertUnit = dialect.insertOnce("ledger_units", UNIT_COLUMNS, "call_id, unit");
    }

    @Override
    public synchronized void open() {
        if (ready) {
            return;
        }
        if (closed) {
            throw new LedgerUnavailableException("the ledger is closed");
        }
        try {
            if (pool == null) {
                pool = new HikariDataSource(poolConfig());
            }
            MigrateResult migrated = Flyway.configure(JdbcLedgerStore.class.getClassLoader())
                    .dataSource(pool)
                    .locations("classpath:db/ledger")
                    .table(HISTORY_TABLE)
                    .load()
                    .migrate();
            if (migrated.migrationsExecuted > 0) {
                LOG.log(System.Logger.Level.INFO, "ledger: the schema of " + settings.redactedUrl() + " is now at version "
                        + migrated.targetSchemaVersion + " (" + migrated.migrationsExecuted + " migrations applied)");
            }
            ready = true;
        } catch (RuntimeException e) {
            throw unavailable("cannot open", e);
        }
    }

    private HikariConfig poolConfig() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("prism-ledger");
        config.setJdbcUrl(settings.url());
        settings.user().ifPresent(config::setUsername);
        settings.password().ifPresent(p -> config.setPassword(p.reveal()));
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(settings.connectTimeout().toMillis());
        config.setValidationTimeout(Math.min(settings.connectTimeout().toMillis(), 5_000));
        // Made without connecting: an unreachable database is the writer's to retry, not a failure here.
        config.setInitializationFailTimeout(-1);
        String url = settings.url().toLowerCase(Locale.ROOT);
        switch (dialect) {
            case H2 -> {
                // H2 closes the database in a shutdown hook of its own, which would race the ledger's last flush.
                putUnlessInUrl(config, url, "DB_CLOSE_ON_EXIT", "FALSE");
                // Each commit into the file at once rather than within half a second: a crash of Prism then
                // loses no row the writer has committed.
                putUnlessInUrl(config, url, "WRITE_DELAY", "0");
            }
            case POSTGRESQL -> {
                long seconds = Math.max(1, settings.connectTimeout().toSeconds());
                putUnlessInUrl(config, url, "connectTimeout", Long.toString(seconds));
                // A connection cut mid-write (a half-open TCP connection) must fail, not hang the writer forever.
                putUnlessInUrl(config, url, "socketTimeout", Long.toString(Math.max(30, seconds)));
                putUnlessInUrl(config, url, "tcpKeepAlive", "true");
                putUnlessInUrl(config, url, "reWriteBatchedInserts", "true");
                putUnlessInUrl(config, url, "ApplicationName", "prism-ledger");
            }
        }
        return config;
    }

    private static void putUnlessInUrl(HikariConfig config, String lowerUrl, String property, String value) {
        if (!lowerUrl.contains(property.toLowerCase(Locale.ROOT) + "=")) {
            config.addDataSourceProperty(property, value);
        }
    }

    @Override
    public void insert(List<LedgerRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (!ready) {
            open();
        }
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement calls = connection.prepareStatement(insertCall);
                    PreparedStatement units = connection.prepareStatement(insertUnit)) {
                for (LedgerRow row : rows) {
                    bindCall(calls, row);
                    calls.addBatch();
                    for (Map.Entry<UsageUnit, BigDecimal> unit : row.usage().entrySet()) {
                        units.setString(1, row.callId());
                        units.setString(2, unit.getKey().wireName());
                        units.setBigDecimal(3, unit.getValue());
                        units.addBatch();
                    }
                }
                calls.executeBatch();
                units.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            throw unavailable("cannot write " + rows.size() + " rows to", e);
        }
    }

    private static void bindCall(PreparedStatement s, LedgerRow row) throws SQLException {
        s.setString(1, row.callId());
        s.setObject(2, LocalDateTime.ofInstant(row.started(), ZoneOffset.UTC));
        s.setString(3, row.requestId());
        s.setString(4, row.keyName());
        setText(s, 5, row.endpoint().map(Enum::name).orElse(null));
        setText(s, 6, row.modelAlias().orElse(null));
        setText(s, 7, row.provider().orElse(null));
        setText(s, 8, row.upstreamModel().orElse(null));
        s.setBoolean(9, row.usageEstimated());
        if (row.costUsd().isPresent()) {
            s.setBigDecimal(10, row.costUsd().get());
        } else {
            s.setNull(10, Types.DECIMAL);
        }
        s.setBigDecimal(11, row.savedUsd());
        s.setBoolean(12, row.costEstimated());
        s.setBoolean(13, row.unpriced());
        s.setString(14, row.cache().name());
        s.setInt(15, row.status());
        setText(s, 16, row.error().map(Enum::name).orElse(null));
        s.setBoolean(17, row.failed());
        s.setLong(18, row.latencyMillis());
        s.setInt(19, row.attempts());
    }

    private static void setText(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }

    @Override
    public UsageReport usage(UsageQuery query) {
        if (!ready) {
            open();
        }
        try (Connection connection = pool.getConnection()) {
            return new UsageQueries(connection).report(query);
        } catch (SQLException | RuntimeException e) {
            throw unavailable("cannot read the usage from", e);
        }
    }

    private LedgerUnavailableException unavailable(String what, Exception e) {
        if (e instanceof LedgerUnavailableException already) {
            return already;
        }
        return new LedgerUnavailableException(what + " " + settings.redactedUrl() + ": " + settings.redact(describe(e)));
    }

    /** The exception's message with its causes', which name what the driver saw (a refused connection, a lock). */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(" (").append(cause.getMessage()).append(')');
            }
        }
        return text.toString();
    }

    @Override
    public synchronized void close() {
        closed = true;
        ready = false;
        if (pool != null) {
            pool.close();
        }
    }
}
