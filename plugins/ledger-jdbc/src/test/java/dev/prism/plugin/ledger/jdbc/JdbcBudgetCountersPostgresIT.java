package dev.prism.plugin.ledger.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.ledger.BudgetCounters;
import dev.prism.core.ledger.LedgerSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The counters on a real PostgreSQL, in a schema of their own; two stores stand for two Prisms. */
class JdbcBudgetCountersPostgresIT extends BudgetCountersContract {
    private static PostgresSchema schema;

    @TempDir
    Path dir;

    @BeforeAll
    static void createSchema() {
        schema = PostgresSchema.create("budgets");
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

    @Test
    void twoInstancesReservingAtOnceNeverTakeMoreThanTheBudget() throws Exception {
        JdbcLedgerStore other = (JdbcLedgerStore) new JdbcLedgerBackend().create(settings());
        try {
            BudgetCounters first = store.budgetCounters().orElseThrow();
            BudgetCounters second = other.budgetCounters().orElseThrow();
            List<Future<Optional<BudgetCounters.Shortfall>>> outcomes;
            try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
                outcomes = IntStream.range(0, 60).mapToObj(i -> threads.submit(() -> (i % 2 == 0 ? first : second)
                        .reserve("call-" + i, NOW, List.of(overall("0.10"), tts("0.10")), new BigDecimal("0.01")))).toList();
            }
            long reserved = 0;
            for (Future<Optional<BudgetCounters.Shortfall>> outcome : outcomes) {
                if (outcome.get().isEmpty()) {
                    reserved++;
                }
            }
            assertThat(reserved).isEqualTo(10);
        } finally {
            other.close();
        }
    }
}
