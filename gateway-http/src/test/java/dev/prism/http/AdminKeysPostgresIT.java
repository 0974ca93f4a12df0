package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.testkit.Await;
import dev.prism.testkit.TestServices;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways on one PostgreSQL ({@code PRISM_TEST_POSTGRES_URL}, else Testcontainers, else
 * skipped with the reason), in a schema of the test's own: a key made on one works on the other,
 * with the rate limit it was made with, and once deleted on one it is refused by the other within a
 * second.
 */
class AdminKeysPostgresIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String baseUrl;
    private String schema;

    @BeforeEach
    void createSchema() {
        baseUrl = TestServices.postgresUrl();
        schema = ("admin_keys_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1)).toLowerCase(Locale.ROOT);
        execute("CREATE SCHEMA " + schema);
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(baseUrl); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    private RunningPrism start(String name) {
        String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return RunningPrism.start(AdminApiIT.config("admin: { key: " + AdminApiIT.ADMIN + " }",
                "ledger: { url: \"%s\", spill_dir: \"%s\" }".formatted(url, dir.resolve(name + "-spill"))));
    }

    @Test
    void aKeyDeletedOnOneGatewayIsRefusedByTheOtherWithinASecond() throws Exception {
        try (RunningPrism first = start("first"); RunningPrism second = start("second")) {
            String key = JSON.readTree(first.postJson("/admin/keys", AdminApiIT.ADMIN,
                    "{\"name\":\"shared\",\"rate_limit\":{\"requests_per_minute\":60,\"max_concurrent\":4}}").body())
                    .path("key").asText();
            assertThat(key).startsWith("sk-prism-");
            HttpResponse<byte[]> onTheSecond = AdminApiIT.speech(second, key, "tts-1", "Made on the first");
            assertThat(onTheSecond.statusCode()).isEqualTo(200);
            assertThat(onTheSecond.headers().firstValue("x-ratelimit-limit-requests"))
                    .as("the rate limit it was made with, read from the database").contains("60");
            JsonNode listed = AdminApiIT.admin(second, "/admin/keys");
            assertThat(AdminApiIT.names(listed)).contains("shared");
            assertThat(listed.path("data").get(2).path("rate_limit").path("max_concurrent").asInt()).isEqualTo(4);
            assertThat(second.postJson("/admin/keys", AdminApiIT.ADMIN, "{\"name\":\"shared\"}").statusCode())
                    .as("the name is taken on the other gateway too").isEqualTo(409);

            assertThat(first.send(first.request("/admin/keys/shared", AdminApiIT.ADMIN).DELETE().build()).statusCode())
                    .isEqualTo(204);
            Instant deleted = Instant.now();
            Await.until("the second gateway refuses the deleted key",
                    () -> AdminApiIT.speech(second, key, "tts-1", "Still there?").statusCode() == 401, Duration.ofSeconds(1));
            assertThat(Duration.between(deleted, Instant.now())).isLessThan(Duration.ofSeconds(1));
            assertThat(AdminApiIT.speech(first, key, "tts-1", "Here?").statusCode()).isEqualTo(401);
        }
    }
}
