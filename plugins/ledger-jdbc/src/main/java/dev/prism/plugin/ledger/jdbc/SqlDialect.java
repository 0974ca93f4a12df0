package dev.prism.plugin.ledger.jdbc;

import java.util.Locale;
import java.util.Optional;

/**
 * What differs between the databases the ledger runs on: only how a row that is already there is
 * left alone. The schema and the queries are the same SQL on both.
 */
enum SqlDialect {
    H2("jdbc:h2:") {
        @Override
        String insertOnce(String table, String columns, String key) {
            // MERGE ... KEY updates a row that is there; a row is written whole from the same call, so that changes nothing.
            return "MERGE INTO " + table + " (" + columns + ") KEY (" + key + ") VALUES (" + placeholders(columns) + ")";
        }
    },
    POSTGRESQL("jdbc:postgresql:") {
        @Override
        String insertOnce(String table, String columns, String key) {
            return "INSERT INTO " + table + " (" + columns + ") VALUES (" + placeholders(columns) + ") ON CONFLICT (" + key
                    + ") DO NOTHING";
        }
    };

    private final String urlPrefix;

    SqlDialect(String urlPrefix) {
        this.urlPrefix = urlPrefix;
    }

    static Optional<SqlDialect> of(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        for (SqlDialect dialect : values()) {
            if (lower.startsWith(dialect.urlPrefix)) {
                return Optional.of(dialect);
            }
        }
        return Optional.empty();
    }

    /** An insert of one row that does nothing when a row with the same {@code key} is there. */
    abstract String insertOnce(String table, String columns, String key);

    private static String placeholders(String columns) {
        return String.join(", ", java.util.Collections.nCopies(columns.split(",").length, "?"));
    }
}
