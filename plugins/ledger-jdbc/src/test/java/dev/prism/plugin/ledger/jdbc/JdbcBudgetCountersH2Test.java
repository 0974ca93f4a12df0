package dev.prism.plugin.ledger.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.ledger.LedgerSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The counters' SQL on H2, where the store does not offer them: an embedded database has one Prism. */
class JdbcBudgetCountersH2Test extends BudgetCountersContract {
    @TempDir
    Path dir;

    @Override
    LedgerSettings settings() {
        return LedgerSettings.DEFAULT.withUrl("jdbc:h2:file:" + dir.resolve("ledger")).withSpillDir(dir.resolve("spill"));
    }

    @Test
    void anEmbeddedLedgerKeepsBudgetsInMemory() {
        assertThat(store.budgetCounters()).isEmpty();
    }
}
