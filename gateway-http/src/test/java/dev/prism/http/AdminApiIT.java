package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.core.cost.CallCost;
import dev.prism.testkit.Await;
import dev.prism.testkit.MutableClock;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API over a real socket, against the embedded H2 ledger after real requests through the
 * mock provider: who may use it, the usage it reports, keys made, used, deleted and kept across a
 * restart, and the prices in force.
 */
class AdminApiIT {
    static final String ADMIN = "sk-admin-test-0123456789";
    static final String TEAM_A = "sk-prism-team-a-key";
    static final String TEAM_B = "sk-prism-team-b-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static String config(String admin, String ledger) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  mock: { type: mock }
                models:
                  tts-1: { targets: [ { provider: mock } ] }
                  tts-1-hd: { targets: [ { provider: mock } ] }
                keys:
                  - { name: team-a, key: %s, models: [ tts-1 ] }
                  - { name: team-b, key: %s }
                cache: { provider: ehcache, disk_mb: 0 }
                pricing:
                  mock:
                    tts-1-hd: { per_1m_characters: 31, source: "our own deal" }
                %s
                %s
                """.formatted(TEAM_A, TEAM_B, admin, ledger);
    }

    private String h2Ledger() {
        return "ledger: { url: \"jdbc:h2:file:%s\", spill_dir: \"%s\" }".formatted(dir.resolve("ledger"), dir.resolve("spill"));
    }

    private RunningPrism start() {
        return RunningPrism.start(config("admin: { key: " + ADMIN + " }", h2Ledger()));
    }

    /** Every admin route, with what the admin gets from it here. */
    private record Route(String method, String path, String body, int adminStatus) {}

    private static final List<Route> ROUTES = List.of(
            new Route("GET", "/admin/usage?group_by=key", null, 200),
            new Route("GET", "/admin/keys", null, 200),
            new Route("POST", "/admin/keys", "{\"name\":\"matrix\"}", 201),
            new Route("DELETE", "/admin/keys/matrix", null, 204),
            new Route("GET", "/admin/prices", null, 200),
            new Route("GET", "/admin/health", null, 200),
            new Route("GET", "/admin/nothing-here", null, 404));

    @Test
    void everyAdminRouteTakesTheAdminKeyAloneRefusingNoKeyAndUnknownKeysWith401AndVirtualKeysWith403() {
        try (RunningPrism prism = start()) {
            for (Route route : ROUTES) {
                assertThat(call(prism, route, null).statusCode()).as("no key: " + route).isEqualTo(401);
                assertThat(call(prism, route, "sk-unknown-key").statusCode()).as("unknown key: " + route).isEqualTo(401);
                HttpResponse<byte[]> virtual = call(prism, route, TEAM_B);
                assertThat(virtual.statusCode()).as("virtual key: " + route).isEqualTo(403);
                assertThat(OpenAiErrors.assertError(virtual, 403).path("type").asText()).isEqualTo("permission_error");
                assertThat(call(prism, route, ADMIN).statusCode()).as("admin key: " + route).isEqualTo(route.adminStatus());
            }
        }
    }

    @Test
    void withoutAnAdminKeyEveryAdminRouteIsNotFound() {
        try (RunningPrism prism = RunningPrism.start(config("admin: { key: \"\" }", h2Ledger()))) {
            for (Route route : ROUTES) {
                for (String key : new String[] {null, ADMIN, TEAM_B}) {
                    HttpResponse<byte[]> answer = call(prism, route, key);
                    assertThat(answer.statusCode()).as(route + " with " + key).isEqualTo(404);
                    assertThat(OpenAiErrors.assertError(answer, 404).path("code").asText()).isEqualTo("unknown_url");
                }
            }
        }
    }

    @Test
    void usageIsGroupedAndFilteredAfterRealRequestsAndItsMoneyIsTheSumOfTheCostHeaders() throws Exception {
        Instant start = Instant.now();
        try (RunningPrism prism = start()) {
            BigDecimal teamACost = BigDecimal.ZERO;
            BigDecimal allCost = BigDecimal.ZERO;
            for (String input : List.of("Sixteen letters!", "Another sentence", "Sixteen letters!")) {
                HttpResponse<byte[]> answer = speech(prism, TEAM_A, "tts-1", input);
                assertThat(answer.statusCode()).isEqualTo(200);
                teamACost = teamACost.add(cost(answer));
            }
            allCost = allCost.add(teamACost);
            HttpResponse<byte[]> hd = speech(prism, TEAM_B, "tts-1-hd", "Twenty characters!!!");
            allCost = allCost.add(cost(hd));
            assertThat(speech(prism, TEAM_A, "tts-1-hd", "not allowed").statusCode()).isEqualTo(403);

            String window = "from=" + start.minusSeconds(1) + "&to=" + Instant.now().plusSeconds(60);
            Await.until("the ledger holds the five requests", () -> total(prism, window).path("requests").asLong() == 5,
                    Duration.ofSeconds(20));

            JsonNode byKey = admin(prism, "/admin/usage?" + window + "&group_by=key");
            assertThat(byKey.path("group_by").asText()).isEqualTo("key");
            assertThat(byKey.path("from").asText()).isEqualTo(start.minusSeconds(1).toString());
            Map<String, JsonNode> rows = rows(byKey);
            assertThat(rows.keySet()).containsExactly("team-a", "team-b");
            JsonNode teamA = rows.get("team-a");
            assertThat(teamA.path("requests").asLong()).isEqualTo(4);
            assertThat(teamA.path("errors").asLong()).isEqualTo(1);
            assertThat(teamA.path("cache_hits").asLong()).isEqualTo(1);
            assertThat(teamA.path("cost_usd").asText()).isEqualTo(CallCost.format(teamACost));
            assertThat(teamA.path("saved_usd").asText()).isEqualTo("0.00024");
            assertThat(teamA.path("unpriced").asLong()).isZero();
            assertThat(teamA.path("units").path("characters").decimalValue()).isEqualByComparingTo("48");
            assertThat(rows.get("team-b").path("cost_usd").asText()).isEqualTo("0.00062");
            assertThat(byKey.path("total").path("cost_usd").asText()).isEqualTo(CallCost.format(allCost));
            assertThat(byKey.path("total").path("requests").asLong()).isEqualTo(5);

            assertThat(rows(admin(prism, "/admin/usage?" + window + "&group_by=model")).keySet())
                    .containsExactly("tts-1", "tts-1-hd");
            JsonNode onlyA = admin(prism, "/admin/usage?" + window + "&key=team-a&model=tts-1&group_by=provider");
            assertThat(rows(onlyA).keySet()).containsExactly("mock");
            assertThat(onlyA.path("total").path("requests").asLong()).isEqualTo(3);
            JsonNode byDay = admin(prism, "/admin/usage?" + window + "&provider=mock&group_by=day");
            assertThat(rows(byDay).keySet()).containsExactly(LocalDate.now(ZoneOffset.UTC).toString());
            JsonNode totalOnly = admin(prism, "/admin/usage?" + window);
            assertThat(totalOnly.path("group_by").isNull()).isTrue();
            assertThat(totalOnly.path("rows").size()).isZero();
            assertThat(admin(prism, "/admin/usage?from=" + Instant.now().plusSeconds(3600) + "&to=" + Instant.now().plusSeconds(7200)).path("total")
                    .path("requests").asLong()).isZero();
        }
    }

    @Test
    void badUsageParametersAre400NamingTheParameter() {
        try (RunningPrism prism = start()) {
            assertThat(badParameter(prism, "from=yesterday")).isEqualTo("from");
            assertThat(badParameter(prism, "to=2026-13-01T00:00:00Z")).isEqualTo("to");
            assertThat(badParameter(prism, "from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z")).isEqualTo("to");
            assertThat(badParameter(prism, "group_by=week")).isEqualTo("group_by");
            assertThat(badParameter(prism, "groupby=key")).isEqualTo("groupby");
            assertThat(badParameter(prism, "key=")).isEqualTo("key");
            assertThat(badParameter(prism, "model=a&model=b")).isEqualTo("model");
        }
    }

    @Test
    void withTheLedgerOffUsageAndNewKeysAre503ButConfiguredKeysAreListed() throws Exception {
        try (RunningPrism prism = RunningPrism.start(config("admin: { key: " + ADMIN + " }", "ledger: { enabled: false }"))) {
            HttpResponse<byte[]> usage = prism.get("/admin/usage", ADMIN);
            assertThat(usage.statusCode()).isEqualTo(503);
            assertThat(OpenAiErrors.assertError(usage, 503).path("type").asText()).isEqualTo("service_unavailable_error");
            assertThat(prism.postJson("/admin/keys", ADMIN, "{\"name\":\"x\"}").statusCode()).isEqualTo(503);
            assertThat(names(admin(prism, "/admin/keys"))).containsExactly("team-a", "team-b");
        }
    }

    @Test
    void withTheLedgersDatabaseOutOfReachUsageAndStoredKeysAre503AndConfiguredKeysStillWork() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        String ledger = "ledger: { url: \"jdbc:postgresql://127.0.0.1:%d/prism\", connect_timeout: 250ms, spill_dir: \"%s\" }"
                .formatted(closedPort, dir.resolve("spill"));
        try (RunningPrism prism = RunningPrism.start(config("admin: { key: " + ADMIN + " }", ledger))) {
            HttpResponse<byte[]> usage = prism.get("/admin/usage", ADMIN);
            assertThat(OpenAiErrors.assertError(usage, 503).path("code").asText()).isEqualTo("ledger_unavailable");
            assertThat(OpenAiErrors.body(usage)).doesNotContain(String.valueOf(closedPort));
            assertThat(prism.get("/admin/keys", ADMIN).statusCode()).isEqualTo(503);
            assertThat(prism.postJson("/admin/keys", ADMIN, "{\"name\":\"x\"}").statusCode()).isEqualTo(503);
            assertThat(speech(prism, TEAM_A, "tts-1", "Configured keys need no database").statusCode()).isEqualTo(200);
            assertThat(speech(prism, "sk-prism-never-read", "tts-1", "Stored?").statusCode())
                    .as("a key that may be stored cannot be checked yet").isEqualTo(503);
        }
    }

    @Test
    void aKeyMadeThroughTheApiWorksAtOnceAndIsRefusedWithinASecondOfItsDeletion() throws Exception {
        try (RunningPrism prism = start()) {
            HttpResponse<byte[]> created = prism.postJson("/admin/keys", ADMIN,
                    "{\"name\":\"ci-bot\",\"models\":[\"tts-1\"],\"budget\":{\"usd\":5,\"period\":\"monthly\"}}");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.headers().firstValue("cache-control")).contains("no-store");
            JsonNode body = JSON.readTree(created.body());
            String key = body.path("key").asText();
            assertThat(key).startsWith("sk-prism-").hasSizeGreaterThanOrEqualTo("sk-prism-".length() + 43);
            assertThat(body.path("name").asText()).isEqualTo("ci-bot");
            assertThat(body.path("origin").asText()).isEqualTo("admin");
            assertThat(body.path("budget").path("usd").asInt()).isEqualTo(5);

            assertThat(speech(prism, key, "tts-1", "From the new key").statusCode()).isEqualTo(200);
            assertThat(speech(prism, key, "tts-1-hd", "Not allowed").statusCode()).isEqualTo(403);
            assertThat(prism.get("/admin/keys", key).statusCode()).as("a stored virtual key on the admin API").isEqualTo(403);

            JsonNode listed = admin(prism, "/admin/keys");
            assertThat(names(listed)).containsExactly("team-a", "team-b", "ci-bot");
            assertThat(new String(prism.get("/admin/keys", ADMIN).body(), StandardCharsets.UTF_8)).doesNotContain(key)
                    .doesNotContain(TEAM_A).doesNotContain(dev.prism.core.keys.KeyRing.hashOf(key));
            assertThat(listed.path("data").get(0).path("origin").asText()).isEqualTo("config");

            assertThat(prism.send(prism.request("/admin/keys/ci-bot", ADMIN).DELETE().build()).statusCode()).isEqualTo(204);
            Instant deleted = Instant.now();
            Await.until("the deleted key is refused", () -> speech(prism, key, "tts-1", "Still there?").statusCode() == 401,
                    Duration.ofSeconds(1));
            assertThat(Duration.between(deleted, Instant.now())).isLessThan(Duration.ofSeconds(1));
            assertThat(names(admin(prism, "/admin/keys"))).containsExactly("team-a", "team-b");
        }
    }

    @Test
    void aKeyMadeWithARateLimitIsLimitedAsAConfiguredKeyWouldBe() throws Exception {
        // A clock that stands still: no token comes back during the test.
        MutableClock clock = new MutableClock(Instant.now());
        try (RunningPrism prism = RunningPrism.start(config("admin: { key: " + ADMIN + " }", h2Ledger()), clock)) {
            HttpResponse<byte[]> created = prism.postJson("/admin/keys", ADMIN,
                    "{\"name\":\"paced\",\"rate_limit\":{\"requests_per_minute\":2}}");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(JSON.readTree(created.body()).path("rate_limit").path("requests_per_minute").asInt()).isEqualTo(2);
            String key = JSON.readTree(created.body()).path("key").asText();

            HttpResponse<byte[]> first = speech(prism, key, "tts-1", "First of two");
            HttpResponse<byte[]> second = speech(prism, key, "tts-1", "Second of two");
            HttpResponse<byte[]> third = speech(prism, key, "tts-1", "One too many");

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).contains("2");
            assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).contains("1");
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(second.headers().firstValue("x-ratelimit-limit-requests")).contains("2");
            assertThat(second.headers().firstValue("x-ratelimit-remaining-requests")).contains("0");
            JsonNode refused = OpenAiErrors.assertError(third, 429);
            assertThat(refused.path("code").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(refused.path("message").asText()).contains("requests_per_minute for key paced");
            assertThat(speech(prism, TEAM_B, "tts-1", "Another key, no limit").statusCode()).isEqualTo(200);

            JsonNode listed = StreamSupport.stream(admin(prism, "/admin/keys").path("data").spliterator(), false)
                    .filter(k -> k.path("name").asText().equals("paced")).findFirst().orElseThrow();
            assertThat(listed.path("rate_limit").path("requests_per_minute").asInt()).isEqualTo(2);
            assertThat(listed.path("budget").isNull()).isTrue();
        }
    }

    @Test
    void aRateLimitThatAConfiguredKeyCouldNotHaveIs400NamingTheProblem() throws Exception {
        try (RunningPrism prism = start()) {
            JsonNode unknown = OpenAiErrors.assertError(prism.postJson("/admin/keys", ADMIN,
                    "{\"name\":\"x\",\"rate_limit\":{\"requests_per_fortnight\":2}}"), 400);
            assertThat(unknown.path("param").asText()).isEqualTo("rate_limit");
            assertThat(unknown.path("message").asText()).contains("requests_per_fortnight");
            JsonNode zero = OpenAiErrors.assertError(prism.postJson("/admin/keys", ADMIN,
                    "{\"name\":\"x\",\"rate_limit\":{\"requests_per_minute\":0}}"), 400);
            assertThat(zero.path("param").asText()).isEqualTo("rate_limit");
            assertThat(zero.path("message").asText()).contains("requests_per_minute");
            assertThat(OpenAiErrors.assertError(prism.postJson("/admin/keys", ADMIN,
                    "{\"name\":\"x\",\"rate_limit\":60}"), 400).path("param").asText()).isEqualTo("rate_limit");
            assertThat(names(admin(prism, "/admin/keys"))).doesNotContain("x");
        }
    }

    @Test
    void namesAreUniqueAcrossConfigAndStoredKeysAndConfiguredKeysCannotBeDeleted() throws Exception {
        try (RunningPrism prism = start()) {
            assertThat(prism.postJson("/admin/keys", ADMIN, "{\"name\":\"team-a\"}").statusCode()).isEqualTo(409);
            assertThat(prism.postJson("/admin/keys", ADMIN, "{\"name\":\"twice\"}").statusCode()).isEqualTo(201);
            HttpResponse<byte[]> again = prism.postJson("/admin/keys", ADMIN, "{\"name\":\"twice\"}");
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(OpenAiErrors.assertError(again, 409).path("param").asText()).isEqualTo("name");
            assertThat(prism.send(prism.request("/admin/keys/team-a", ADMIN).DELETE().build()).statusCode()).isEqualTo(409);
            assertThat(speech(prism, TEAM_A, "tts-1", "Still mine").statusCode()).isEqualTo(200);
            assertThat(prism.send(prism.request("/admin/keys/nobody", ADMIN).DELETE().build()).statusCode()).isEqualTo(404);

            assertThat(OpenAiErrors.assertError(prism.postJson("/admin/keys", ADMIN, "{\"name\":\"x\",\"models\":[\"dall-e-9\"]}"), 400).path("param").asText())
                    .isEqualTo("models");
            assertThat(OpenAiErrors.assertError(prism.postJson("/admin/keys", ADMIN, "{\"name\":\"x\",\"budget\":5}"), 400).path("param").asText())
                    .isEqualTo("budget");
            assertThat(OpenAiErrors.assertError(prism.postJson("/admin/keys", ADMIN, "{\"models\":[]}"), 400).path("param").asText()).isEqualTo("name");
            assertThat(OpenAiErrors.assertError(prism.postJson("/admin/keys", ADMIN, "{\"name\":\"x\",\"rate\":1}"), 400).path("param").asText())
                    .isEqualTo("rate");
        }
    }

    @Test
    void keysMadeThroughTheApiSurviveARestart() throws Exception {
        String key;
        try (RunningPrism prism = start()) {
            key = JSON.readTree(prism.postJson("/admin/keys", ADMIN, "{\"name\":\"survivor\"}").body()).path("key").asText();
        }
        try (RunningPrism prism = start()) {
            assertThat(speech(prism, key, "tts-1-hd", "Back again").statusCode()).isEqualTo(200);
            assertThat(names(admin(prism, "/admin/keys"))).contains("survivor");
        }
    }

    @Test
    void pricesShowTheCatalogueInForceWithOverridesAndSources() throws Exception {
        try (RunningPrism prism = start()) {
            JsonNode prices = admin(prism, "/admin/prices");
            JsonNode tts1 = price(prices, "mock", "tts-1");
            assertThat(tts1.path("per_character").path("usd").asText()).isEqualTo("15");
            assertThat(tts1.path("per_character").path("per").asLong()).isEqualTo(1_000_000);
            assertThat(tts1.path("source").path("origin").asText()).isEqualTo("openai");
            assertThat(tts1.path("source").path("reference").asText()).startsWith("https://");
            JsonNode hd = price(prices, "mock", "tts-1-hd");
            assertThat(hd.path("per_character").path("usd").asText()).isEqualTo("31");
            assertThat(hd.path("source").path("origin").asText()).isEqualTo("config");
            assertThat(hd.path("source").path("reference").asText()).isEqualTo("our own deal");
            JsonNode miniTts = price(prices, "mock", "gpt-4o-mini-tts");
            assertThat(miniTts.path("priced_by").asText()).isEqualTo("tokens");
            assertThat(miniTts.path("tokens").path("output_audio").path("usd").asText()).isEqualTo("12");
            assertThat(miniTts.path("estimate").path("per_character").isObject()).isTrue();
            JsonNode dalle3 = price(prices, "mock", "dall-e-3");
            assertThat(dalle3.path("per_image").path("figures").size()).isGreaterThanOrEqualTo(6);
        }
    }

    @Test
    void neitherTheAdminKeyNorAMadeKeyAppearsInTheLogs() throws Exception {
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(record.getLoggerName() + " " + record.getMessage() + " "
                        + java.util.Arrays.toString(record.getParameters()) + " " + record.getThrown());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.Level previous = root.getLevel();
        root.setLevel(java.util.logging.Level.ALL);
        root.addHandler(capture);
        String made;
        try (RunningPrism prism = start()) {
            made = JSON.readTree(prism.postJson("/admin/keys", ADMIN, "{\"name\":\"logged\"}").body()).path("key").asText();
            speech(prism, made, "tts-1", "Hello");
            prism.get("/admin/usage?from=nonsense", ADMIN);
            prism.get("/admin/keys", ADMIN + "-wrong");
            prism.send(prism.request("/admin/keys/logged", ADMIN).DELETE().build());
            speech(prism, made, "tts-1", "Refused");
        } finally {
            root.removeHandler(capture);
            root.setLevel(previous);
        }
        assertThat(logged).isNotEmpty();
        assertThat(logged).noneMatch(line -> line.contains(ADMIN)).noneMatch(line -> line.contains(made));
    }

    private static JsonNode price(JsonNode prices, String provider, String model) {
        return StreamSupport.stream(prices.path("data").spliterator(), false)
                .filter(p -> p.path("provider").asText().equals(provider) && p.path("model").asText().equals(model))
                .findFirst().orElseThrow(() -> new AssertionError("no price of " + provider + "/" + model + " in " + prices));
    }

    static HttpResponse<byte[]> speech(RunningPrism prism, String key, String model, String input) {
        return prism.postJson("/v1/audio/speech", key,
                "{\"model\":\"" + model + "\",\"input\":\"" + input + "\",\"voice\":\"alloy\",\"response_format\":\"wav\"}");
    }

    private static BigDecimal cost(HttpResponse<byte[]> answer) {
        return new BigDecimal(answer.headers().firstValue("x-prism-cost").orElseThrow());
    }

    private static HttpResponse<byte[]> call(RunningPrism prism, Route route, String key) {
        HttpRequest.Builder request = prism.request(route.path(), key);
        if (route.body() != null) {
            request.header("Content-Type", "application/json")
                    .method(route.method(), HttpRequest.BodyPublishers.ofString(route.body()));
        } else {
            request.method(route.method(), HttpRequest.BodyPublishers.noBody());
        }
        return prism.send(request.build());
    }

    static JsonNode admin(RunningPrism prism, String path) {
        HttpResponse<byte[]> answer = prism.get(path, ADMIN);
        assertThat(answer.statusCode()).as(path + ": " + new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode total(RunningPrism prism, String window) {
        return admin(prism, "/admin/usage?" + window).path("total");
    }

    private static Map<String, JsonNode> rows(JsonNode report) {
        Map<String, JsonNode> rows = new java.util.LinkedHashMap<>();
        report.path("rows").forEach(row -> rows.put(row.path("group").asText(), row));
        return rows;
    }

    static List<String> names(JsonNode keys) {
        List<String> names = new ArrayList<>();
        keys.path("data").forEach(k -> names.add(k.path("name").asText()));
        return names;
    }

    private static String badParameter(RunningPrism prism, String query) {
        HttpResponse<byte[]> answer = prism.get("/admin/usage?" + query, ADMIN);
        assertThat(answer.statusCode()).as(query).isEqualTo(400);
        return OpenAiErrors.assertError(answer, 400).path("param").asText();
    }
}
