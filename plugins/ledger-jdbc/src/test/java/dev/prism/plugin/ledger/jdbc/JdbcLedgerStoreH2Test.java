package dev.prism.plugin.ledger.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.ledger.LedgerSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's contract on the embedded default: an H2 file of the test's own. */
class JdbcLedgerStoreH2Test extends LedgerStoreContract {
    @TempDir
    Path dir;

    @Override
    void empty() {
        try (Connection connection = DriverManager.getConnection(settings().url())) {
            connection.createStatement().execute("DROP ALL OBJECTS");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    LedgerSettings settings() {
        return LedgerSettings.DEFAULT.withUrl("jdbc:h2:file:" + dir.resolve("ledger")).withSpillDir(dir.resolve("spill"));
    }

    @Test
    void theEmbeddedDatabaseWritesEachCommitIntoItsFileAtOnce() throws Exception {
        // The store above holds the database open; this connection shares it and sees its settings.
        try (Connection connection = DriverManager.getConnection(settings().url());
                ResultSet setting = connection.createStatement().executeQuery(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            assertThat(setting.next()).isTrue();
            assertThat(setting.getString(1)).isEqualTo("0");
        }
    }
}
