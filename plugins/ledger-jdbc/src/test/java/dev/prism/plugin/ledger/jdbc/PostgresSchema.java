package dev.prism.plugin.ledger.jdbc;

import dev.prism.testkit.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A schema of a test's own in the test PostgreSQL, so that tests running at once (other modules,
 * other checkouts on the machine) never see each other's rows. Dropped on close.
 */
final class PostgresSchema implements AutoCloseable {
    private final String baseUrl;
    private final String name;

    private PostgresSchema(String baseUrl, String name) {
        this.baseUrl = baseUrl;
        this.name = name;
    }

    static PostgresSchema create(String purpose) {
        String base = TestServices.postgresUrl();
        String name = ("ledger_" + purpose + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1))
                .toLowerCase(Locale.ROOT);
        PostgresSchema schema = new PostgresSchema(base, name);
        schema.execute("CREATE SCHEMA " + name);
        return schema;
    }

    /** The test server's URL with this schema as the connections' current one. */
    String url() {
        return withSchema(baseUrl);
    }

    /** {@code url} (the test server's, or one that leads to it) with this schema as the current one. */
    String withSchema(String url) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    String baseUrl() {
        return baseUrl;
    }

    /** Empties the schema for the next test. */
    void clear() {
        execute("DROP SCHEMA " + name + " CASCADE");
        execute("CREATE SCHEMA " + name);
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(baseUrl); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
}
