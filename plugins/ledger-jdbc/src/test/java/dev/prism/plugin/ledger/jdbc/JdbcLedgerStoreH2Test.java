package dev.prism.plugin.ledger.jdbc;

import dev.prism.core.ledger.LedgerSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's contract on the embedded default: an H2 file of the test's own. */
class JdbcLedgerStoreH2Test extends LedgerStoreContract {
    @TempDir
    Path dir;

    @Override
    LedgerSettings settings() {
        return LedgerSettings.DEFAULT.withUrl("jdbc:h2:file:" + dir.resolve("ledger")).withSpillDir(dir.resolve("spill"));
    }
}
