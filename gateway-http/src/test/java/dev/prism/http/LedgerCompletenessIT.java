package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.ledger.UsageGroup;
import dev.prism.core.ledger.UsageGrouping;
import dev.prism.core.ledger.UsageLedger;
import dev.prism.core.ledger.UsageQuery;
import dev.prism.core.ledger.UsageReport;
import dev.prism.testkit.Answer;
import dev.prism.testkit.Await;
import dev.prism.testkit.FakeOpenAiUpstream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real gateway, requests of every fate at once (served, answered from the cache,
 * failed upstream after a failover, bad input, refused for the key) leave exactly one ledger row
 * each, with the status the client got; a request with an unknown key leaves none.
 */
class LedgerCompletenessIT {
    /** Requests sent at once; a multiple of the five fates. */
    private static final int REQUESTS = 200;
    private static final int UNKNOWN_KEYS = 10;
    private static final String KEY = "sk-ledger-test-key";

    @TempDir
    Path dir;

    private enum Fate {
        SERVED(200), CACHE_HIT(200), UPSTREAM_FAILED(502), BAD_INPUT(400), REFUSED(403);

        final int status;

        Fate(int status) {
            this.status = status;
        }
    }

    private record Sent(String requestId, Fate fate, int status) {}

    @Test
    void everyRequestOfAKnownKeyLeavesExactlyOneRowWhateverItsFate() throws Exception {
        Instant start = Instant.now();
        Map<String, Sent> sent = new HashMap<>();
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start()) {
            upstream.always("/audio/speech", Answer.error(500, "The upstream is down"));
            String upstreamSettings = "{ type: openai, base_url: \"" + upstream.baseUrl() + "\", api_key: sk-up, "
                    + "retry: { max_attempts: 1 }, circuit_breaker: { failure_threshold: 1000000 } }";
            try (RunningPrism prism = RunningPrism.start("""
                    server: { host: 127.0.0.1, port: 0, max_in_flight: 1000 }
                    providers:
                      mock: { type: mock }
                      down-1: %1$s
                      down-2: %1$s
                    models:
                      tts-1: { targets: [ { provider: mock } ] }
                      broken-tts: { targets: [ { provider: down-1, model: tts-1 }, { provider: down-2, model: tts-1 } ] }
                      not-for-you: { targets: [ { provider: mock, model: tts-1 } ] }
                    keys:
                      - { name: team-a, key: %2$s, models: [ tts-1, broken-tts ] }
                    cache: { provider: ehcache, disk_mb: 0 }
                    ledger: { url: "jdbc:h2:file:%3$s", spill_dir: "%4$s" }
                    """.formatted(upstreamSettings, KEY, dir.resolve("ledger"), dir.resolve("spill")))) {
                // The entry the cache hits are answered from.
                assertThat(speech(prism, "warm-up", "tts-1", "Cached words").statusCode()).isEqualTo(200);

                try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<Sent>> answers = IntStream.range(0, REQUESTS).mapToObj(i -> clients.submit(() -> send(prism, i)))
                            .toList();
                    List<Future<HttpResponse<byte[]>>> strangers = IntStream.range(0, UNKNOWN_KEYS).mapToObj(i -> clients.submit(
                            () -> prism.send(speechRequest(prism, "stranger-" + i, "sk-unknown", "tts-1", "Hi")))).toList();
                    for (Future<Sent> answer : answers) {
                        Sent one = answer.get();
                        sent.put(one.requestId(), one);
                    }
                    for (Future<HttpResponse<byte[]>> stranger : strangers) {
                        assertThat(stranger.get().statusCode()).isEqualTo(401);
                    }
                }
                sent.values().forEach(s -> assertThat(s.status()).as(s.fate() + " " + s.requestId()).isEqualTo(s.fate().status));

                // The read side sees them as the writer gets to them; the rest is flushed by close.
                UsageLedger ledger = prism.component(UsageLedger.class);
                UsageQuery window = UsageQuery.between(start.minusSeconds(60), Instant.now().plusSeconds(60));
                Await.until("the ledger holds every row", () -> ledger.usage(window).total().requests() == REQUESTS + 1,
                        Duration.ofSeconds(30));
                UsageReport byModel = ledger.usage(window.groupedBy(UsageGrouping.MODEL));
                Map<String, Long> requestsByModel = new HashMap<>();
                byModel.groups().forEach(g -> requestsByModel.put(g.group().orElse("(none)"), g.totals().requests()));
                int perFate = REQUESTS / Fate.values().length;
                assertThat(requestsByModel).isEqualTo(Map.of("tts-1", 2L * perFate + 1, "broken-tts", (long) perFate,
                        "not-for-you", (long) perFate, "(none)", (long) perFate));
                UsageGroup tts = byModel.groups().stream().filter(g -> g.group().orElse("").equals("tts-1")).findFirst()
                        .orElseThrow();
                assertThat(tts.totals().cacheHits()).isEqualTo(perFate);
                assertThat(byModel.total().errors()).isEqualTo(3L * perFate);
            }
        }

        // Closed: nothing more arrives. Each request id the clients sent is in exactly one row, with its status.
        Map<String, Integer> statusByRequest = new HashMap<>();
        Map<String, String> cacheByRequest = new HashMap<>();
        int rows = 0;
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("ledger"));
                ResultSet result = connection.createStatement().executeQuery(
                        "SELECT request_id, status, cache_status, key_name FROM ledger_calls")) {
            while (result.next()) {
                rows++;
                statusByRequest.put(result.getString("request_id"), result.getInt("status"));
                cacheByRequest.put(result.getString("request_id"), result.getString("cache_status"));
                assertThat(result.getString("key_name")).isEqualTo("team-a");
            }
        }
        assertThat(rows).isEqualTo(REQUESTS + 1);
        assertThat(statusByRequest).hasSize(REQUESTS + 1);
        sent.values().forEach(s -> assertThat(statusByRequest.get(s.requestId())).as(s.requestId()).isEqualTo(s.status()));
        sent.values().stream().filter(s -> s.fate() == Fate.CACHE_HIT)
                .forEach(s -> assertThat(cacheByRequest.get(s.requestId())).as(s.requestId()).isEqualTo("HIT"));
        assertThat(statusByRequest.keySet()).noneMatch(id -> id.startsWith("stranger-"));
        assertThat(count("SELECT COUNT(*) FROM ledger_calls WHERE attempts = 2 AND status = 502")).isEqualTo(REQUESTS / 5);
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("ledger"));
                ResultSet result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Sent send(RunningPrism prism, int i) {
        Fate fate = Fate.values()[i % Fate.values().length];
        String requestId = "ledger-it-" + i;
        HttpResponse<byte[]> response = switch (fate) {
            case SERVED -> speech(prism, requestId, "tts-1", "Words number " + i);
            case CACHE_HIT -> speech(prism, requestId, "tts-1", "Cached words");
            case UPSTREAM_FAILED -> speech(prism, requestId, "broken-tts", "Words number " + i);
            case BAD_INPUT -> prism.send(prism.request("/v1/audio/speech", KEY).header("x-request-id", requestId)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tts-1\",\"voice\":\"alloy\"}")).build());
            case REFUSED -> speech(prism, requestId, "not-for-you", "Words number " + i);
        };
        return new Sent(requestId, fate, response.statusCode());
    }

    private static HttpResponse<byte[]> speech(RunningPrism prism, String requestId, String model, String input) {
        return prism.send(speechRequest(prism, requestId, KEY, model, input));
    }

    private static HttpRequest speechRequest(RunningPrism prism, String requestId, String key, String model, String input) {
        return prism.request("/v1/audio/speech", key).header("x-request-id", requestId)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"input\":\"" + input
                        + "\",\"voice\":\"alloy\",\"response_format\":\"wav\"}", StandardCharsets.UTF_8)).build();
    }
}
