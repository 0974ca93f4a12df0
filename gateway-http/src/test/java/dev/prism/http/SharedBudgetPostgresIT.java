package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.testkit.TestServices;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways on one PostgreSQL ledger share one budget: 30 requests at once, half to each,
 * against a budget that fits 10, serve 10 in all. On {@code PRISM_TEST_POSTGRES_URL} (else
 * Testcontainers, else skipped with the reason), in a schema of the test's own.
 */
class SharedBudgetPostgresIT {
    private static final String KEY = "sk-shared-budget-key";

    @TempDir
    Path dir;

    @Test
    void twoGatewaysOnOneDatabaseServeNoMoreThanTheBudgetFitsBetweenThem() throws Exception {
        String base = TestServices.postgresUrl();
        String schema = ("budget_it_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1)).toLowerCase(Locale.ROOT);
        execute(base, "CREATE SCHEMA " + schema);
        try {
            String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            String config = """
                    server: { host: 127.0.0.1, port: 0, max_in_flight: 100 }
                    providers:
                      mock: { type: mock }
                    models:
                      tts-1: { targets: [ { provider: mock } ] }
                    keys:
                      - { name: team-a, key: %s, budget: { usd: 0.0015, period: monthly } }
                    ledger: { url: "%s", spill_dir: "%s" }
                    """;
            try (RunningPrism one = RunningPrism.start(config.formatted(KEY, url, dir.resolve("spill-1")));
                    RunningPrism two = RunningPrism.start(config.formatted(KEY, url, dir.resolve("spill-2")))) {
                List<HttpResponse<byte[]>> answers;
                try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<HttpResponse<byte[]>>> sent = IntStream.range(0, 30).mapToObj(i -> clients.submit(
                            () -> speech(i % 2 == 0 ? one : two))).toList();
                    answers = sent.stream().map(SharedBudgetPostgresIT::get).toList();
                }
                assertThat(answers.stream().filter(a -> a.statusCode() == 200).count()).isEqualTo(10);
                assertThat(answers.stream().filter(a -> a.statusCode() == 429)
                        .filter(a -> a.headers().firstValue("x-should-retry").orElse("").equals("false"))
                        .count()).isEqualTo(20);
                // Each of them sees the budget spent, whoever spent it.
                assertThat(speech(one).statusCode()).isEqualTo(429);
                assertThat(speech(two).statusCode()).isEqualTo(429);
            }
        } finally {
            execute(base, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static HttpResponse<byte[]> speech(RunningPrism prism) {
        // Ten characters of tts-1 at $15 per 1M: $0.00015, a tenth of the budget.
        return prism.postJson("/v1/audio/speech", KEY,
                "{\"model\":\"tts-1\",\"input\":\"0123456789\",\"voice\":\"alloy\",\"response_format\":\"wav\"}");
    }

    private static HttpResponse<byte[]> get(Future<HttpResponse<byte[]>> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
