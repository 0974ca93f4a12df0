package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.testkit.Answer;
import dev.prism.testkit.Await;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.MutableClock;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budgets through the real gateway and the mock provider, which is priced at OpenAI's list: tts-1
 * costs $15 per 1M characters, so a ten-character input costs exactly $0.00015.
 */
class BudgetIT {
    private static final String KEY = "sk-budget-test-key";
    private static final String TEN_CHARACTERS = "0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String config(String budget, String extra) {
        return """
                server: { host: 127.0.0.1, port: 0, max_in_flight: 100 }
                providers:
                  mock: { type: mock }
                models:
                  tts-1: { targets: [ { provider: mock } ] }
                keys:
                  - { name: team-a, key: %s, budget: %s }
                ledger: { url: "jdbc:h2:file:%s", spill_dir: "%s" }
                %s
                """.formatted(KEY, budget, dir.resolve("ledger"), dir.resolve("spill"), extra);
    }

    private static HttpResponse<byte[]> speech(RunningPrism prism, String model, String input) {
        return prism.postJson("/v1/audio/speech", KEY, "{\"model\":\"" + model + "\",\"input\":\"" + input
                + "\",\"voice\":\"alloy\",\"response_format\":\"wav\"}");
    }

    private static HttpResponse<byte[]> makeKey(RunningPrism prism, String adminKey, String json) {
        return prism.send(prism.request("/admin/keys", adminKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static void assertInsufficientQuota(HttpResponse<byte[]> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("x-should-retry")).contains("false");
        assertThat(response.headers().firstValue("retry-after")).isEmpty();
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("insufficient_quota");
        assertThat(error.get("code").asText()).isEqualTo("insufficient_quota");
        assertThat(error.get("param").isNull()).isTrue();
        assertThat(error.get("message").asText()).contains("team-a").doesNotContain(KEY);
    }

    @Test
    void thirtyConcurrentRequestsAgainstABudgetThatFitsTenServeTenAndRefuseTheRest() throws Exception {
        List<HttpResponse<byte[]>> answers;
        try (RunningPrism prism = RunningPrism.start(config("{ usd: 0.0015, period: monthly }", ""))) {
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<HttpResponse<byte[]>>> sent = IntStream.range(0, 30)
                        .mapToObj(i -> clients.submit(() -> speech(prism, "tts-1", TEN_CHARACTERS))).toList();
                answers = sent.stream().map(BudgetIT::get).toList();
            }
            // The estimate of speech is exact, so exactly what fits is served.
            assertThat(answers.stream().filter(a -> a.statusCode() == 200).count()).isEqualTo(10);
            for (HttpResponse<byte[]> refused : answers.stream().filter(a -> a.statusCode() != 200).toList()) {
                assertInsufficientQuota(refused);
            }
            HttpResponse<byte[]> after = speech(prism, "tts-1", "x");
            assertInsufficientQuota(after);
            assertThat(new String(after.body(), StandardCharsets.UTF_8)).contains("is spent");
        }
        // Closed, so the ledger holds every row: a refused call has its row too, with what refused it.
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("ledger"));
                ResultSet rows = connection.createStatement().executeQuery("SELECT status, error_kind, COUNT(*), "
                        + "SUM(cost_usd) FROM ledger_calls WHERE key_name = 'team-a' GROUP BY status, error_kind "
                        + "ORDER BY status")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(200);
            assertThat(rows.getLong(3)).isEqualTo(10);
            assertThat(rows.getBigDecimal(4)).isEqualByComparingTo("0.0015");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(429);
            assertThat(rows.getString(2)).isEqualTo("QUOTA_EXCEEDED");
            assertThat(rows.getLong(3)).isEqualTo(21);
            assertThat(rows.getBigDecimal(4)).isEqualByComparingTo("0");
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void aBudgetSpentBeforeARestartStaysSpent() throws Exception {
        String config = config("{ usd: 0.00015, period: total }", "");
        try (RunningPrism prism = RunningPrism.start(config)) {
            assertThat(speech(prism, "tts-1", TEN_CHARACTERS).statusCode()).isEqualTo(200);
        }
        try (RunningPrism prism = RunningPrism.start(config)) {
            HttpResponse<byte[]> refused = speech(prism, "tts-1", TEN_CHARACTERS);
            assertInsufficientQuota(refused);
            assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("It does not reset.");
        }
    }

    @Test
    void aDailyBudgetStartsAgainAtMidnightUtc() throws Exception {
        MutableClock clock = MutableClock.startingAt("2026-11-29T23:59:00Z");
        try (RunningPrism prism = RunningPrism.start(config("{ usd: 0.00015, period: daily }", ""), clock)) {
            assertThat(speech(prism, "tts-1", TEN_CHARACTERS).statusCode()).isEqualTo(200);
            HttpResponse<byte[]> refused = speech(prism, "tts-1", TEN_CHARACTERS);
            assertInsufficientQuota(refused);
            assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("It resets at 2026-11-30T00:00:00Z.");

            clock.advance(Duration.ofMinutes(1));
            assertThat(speech(prism, "tts-1", TEN_CHARACTERS).statusCode()).isEqualTo(200);
            assertInsufficientQuota(speech(prism, "tts-1", TEN_CHARACTERS));
        }
    }

    @Test
    void aFailedCallGivesItsReservationBackAndAServedOneKeepsIt() throws Exception {
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start()) {
            upstream.always("/audio/speech", Answer.error(500, "The upstream is down"));
            String extra = """
                    pricing:
                      down: { tts-1: { per_1m_characters: 15 } }
                    """;
            String yaml = config("{ usd: 0.00015, period: monthly }", extra).replace("  mock: { type: mock }\n",
                    "  mock: { type: mock }\n  down: { type: openai, base_url: \"" + upstream.baseUrl()
                            + "\", api_key: sk-up, retry: { max_attempts: 1 } }\n")
                    .replace("  tts-1: { targets: [ { provider: mock } ] }\n", "  tts-1: { targets: [ { provider: mock } ] }\n"
                            + "  broken-tts: { targets: [ { provider: down, model: tts-1 } ] }\n");
            try (RunningPrism prism = RunningPrism.start(yaml)) {
                assertThat(speech(prism, "broken-tts", TEN_CHARACTERS).statusCode()).isEqualTo(502);
                // The failed call is settled at $0 once its record is complete, on the listeners' thread.
                Await.until("the failed call's reservation is released",
                        () -> speech(prism, "tts-1", TEN_CHARACTERS).statusCode() == 200, Duration.ofSeconds(10));
                assertInsufficientQuota(speech(prism, "broken-tts", TEN_CHARACTERS));
                assertInsufficientQuota(speech(prism, "tts-1", TEN_CHARACTERS));
            }
        }
    }

    private static HttpResponse<byte[]> get(Future<HttpResponse<byte[]>> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
    @Test
    void aKeyMadeThroughTheAdminApiIsHeldToTheBudgetItWasMadeWith() throws Exception {
        String admin = "sk-admin-budget-test-key";
        try (RunningPrism prism = RunningPrism.start(config("{ usd: 100, period: monthly }",
                "admin: { key: " + admin + " }"))) {
            HttpResponse<byte[]> made = makeKey(prism, admin,
                    "{\"name\":\"team-b\",\"budget\":{\"usd\":0.0003,\"period\":\"daily\"}}");
            assertThat(made.statusCode()).as(new String(made.body(), StandardCharsets.UTF_8)).isEqualTo(201);
            String secret = JSON.readTree(made.body()).get("key").asText();

            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                statuses.add(prism.postJson("/v1/audio/speech", secret, "{\"model\":\"tts-1\",\"input\":\""
                        + TEN_CHARACTERS + "\",\"voice\":\"alloy\",\"response_format\":\"wav\"}").statusCode());
            }

            // $0.0003 fits two ten-character requests at $0.00015 each.
            assertThat(statuses).containsExactly(200, 200, 429);
        }
    }

    @Test
    void aKeyCannotBeMadeWithABudgetThatDoesNotRead() throws Exception {
        String admin = "sk-admin-budget-test-key";
        try (RunningPrism prism = RunningPrism.start(config("{ usd: 100, period: monthly }",
                "admin: { key: " + admin + " }"))) {
            HttpResponse<byte[]> made = makeKey(prism, admin,
                    "{\"name\":\"team-c\",\"budget\":{\"usd\":5,\"period\":\"weekly\"}}");

            assertThat(made.statusCode()).isEqualTo(400);
            JsonNode error = JSON.readTree(made.body()).get("error");
            assertThat(error.get("param").asText()).isEqualTo("budget");
            assertThat(error.get("message").asText()).contains("period");
        }
    }
}
