package dev.prism.plugin.ledger.jdbc;

import dev.prism.core.ledger.LedgerSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's contract on a real PostgreSQL ({@code PRISM_TEST_POSTGRES_URL}, else Testcontainers,
 * else skipped with the reason; a failure with {@code PRISM_REQUIRE_SERVICES=true}), in a schema of
 * its own.
 */
class JdbcLedgerStorePostgresIT extends LedgerStoreContract {
    private static PostgresSchema schema;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSchema() {
        schema = PostgresSchema.create("contract");
    }

    @AfterAll
    static void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    @Override
    void empty() {
        schema.clear();
    }

    @Override
    LedgerSettings settings() {
        return LedgerSettings.DEFAULT.withUrl(schema.url()).withSpillDir(dir.resolve("spill"));
    }
}
