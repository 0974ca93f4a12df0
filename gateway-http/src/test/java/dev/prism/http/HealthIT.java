package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.prism.core.ReadinessCheck;
import dev.prism.core.config.ConfigLoader;
import dev.prism.testkit.Await;
import dev.prism.testkit.LocalRedisServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The health probes: live while the process answers, ready while everything whose outage must stop
 * traffic answers, a bare status on {@code /health}, and the targets' details (provider and model
 * names) for the admin key alone on {@code /admin/health}.
 */
class HealthIT {
    private static final String ADMIN = "sk-admin-health-0123456789";
    private static final String KEY = "sk-prism-health-key";
    private static final String PROVIDER = "acme-voice-upstream";
    private static final String UPSTREAM_MODEL = "acme-secret-model-7";

    private static String config(String extra) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  %s: { type: mock }
                models:
                  tts-1: { targets: [ { provider: %s, model: %s } ] }
                keys:
                  - { name: health, key: %s }
                admin: { key: %s }
                ledger: { enabled: false }
                access_log: { enabled: false }
                %s
                """.formatted(PROVIDER, PROVIDER, UPSTREAM_MODEL, KEY, ADMIN, extra);
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void publicProbesAnswerWithoutAKeyAndNameNoProviderNorModel() {
        try (RunningPrism prism = RunningPrism.start(config("cache: { enabled: false }"))) {
            HttpResponse<byte[]> live = prism.get("/health/live", null);
            HttpResponse<byte[]> ready = prism.get("/health/ready", null);
            HttpResponse<byte[]> health = prism.get("/health", null);

            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(OpenAiErrors.json(live.body())).isEqualTo(OpenAiErrors.json("{\"status\":\"live\"}".getBytes()));
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(OpenAiErrors.json(ready.body())).isEqualTo(OpenAiErrors.json("{\"status\":\"ready\"}".getBytes()));
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(OpenAiErrors.json(health.body())).isEqualTo(OpenAiErrors.json("{\"status\":\"ok\"}".getBytes()));
            for (HttpResponse<byte[]> response : List.of(live, ready, health)) {
                assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
                assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
                assertThat(response.headers().firstValue("x-request-id")).isPresent();
                assertThat(text(response)).doesNotContain(PROVIDER, UPSTREAM_MODEL, "tts-1", "mock");
            }
        }
    }

    @Test
    void adminHealthShowsEveryTargetToTheAdminKeyAlone() {
        try (RunningPrism prism = RunningPrism.start(config("cache: { enabled: false }"))) {
            OpenAiErrors.assertError(prism.get("/admin/health", null), 401);
            OpenAiErrors.assertError(prism.get("/admin/health", KEY), 403);

            HttpResponse<byte[]> response = prism.get("/admin/health", ADMIN);

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode health = OpenAiErrors.json(response.body());
            assertThat(health.get("status").asText()).isEqualTo("ok");
            assertThat(health.get("ready").asBoolean()).isTrue();
            assertThat(health.get("targets")).hasSize(1);
            JsonNode target = health.get("targets").get(0);
            assertThat(target.get("provider").asText()).isEqualTo(PROVIDER);
            assertThat(target.get("model").asText()).isEqualTo(UPSTREAM_MODEL);
            assertThat(target.get("breaker").asText()).isEqualTo("closed");
        }
    }

    @Test
    void readyIs503WithTheReasonsWhileACheckFailsAndLiveStays200() {
        AtomicReference<Optional<String>> problem = new AtomicReference<>(Optional.empty());
        AbstractModule failing = new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), ReadinessCheck.class).addBinding().toInstance(problem::get);
            }
        };
        try (RunningPrism prism = RunningPrism.start(new ConfigLoader(Map.<String, String>of()::get)
                .parse(config("cache: { enabled: false }")), List.of(failing))) {
            assertThat(prism.get("/health/ready", null).statusCode()).isEqualTo(200);

            problem.set(Optional.of("database unreachable"));
            HttpResponse<byte[]> notReady = prism.get("/health/ready", null);

            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(OpenAiErrors.json(notReady.body())).isEqualTo(OpenAiErrors.json(
                    "{\"status\":\"not_ready\",\"reasons\":[\"database unreachable\"]}".getBytes()));
            assertThat(prism.get("/health/live", null).statusCode()).isEqualTo(200);
            JsonNode admin = OpenAiErrors.json(prism.get("/admin/health", ADMIN).body());
            assertThat(admin.get("ready").asBoolean()).isFalse();
            assertThat(admin.get("reasons").get(0).asText()).isEqualTo("database unreachable");

            problem.set(Optional.empty());
            assertThat(prism.get("/health/ready", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void readyFollowsTheCacheStoreWhenTheCacheMustNotBeBypassed() {
        try (LocalRedisServer redis = LocalRedisServer.start();
                RunningPrism prism = RunningPrism.start(config("""
                        redis: { url: "%s", timeout: 250ms, circuit_breaker: { failure_threshold: 3, cooldown: 1s } }
                        cache: { provider: redis, on_unavailable: fail }
                        """.formatted(redis.url())))) {
            assertThat(prism.get("/health/ready", null).statusCode()).isEqualTo(200);

            redis.kill();
            HttpResponse<byte[]> notReady = prism.get("/health/ready", null);

            assertThat(notReady.statusCode()).isEqualTo(503);
            JsonNode body = OpenAiErrors.json(notReady.body());
            assertThat(body.get("status").asText()).isEqualTo("not_ready");
            assertThat(body.get("reasons").get(0).asText()).contains("cache");
            assertThat(text(notReady)).doesNotContain(redis.url(), Integer.toString(redis.port()), "127.0.0.1");
            assertThat(prism.get("/health/live", null).statusCode()).isEqualTo(200);

            redis.startAgain();
            // Once the breaker's cooldown lets a probe through to the restarted store.
            Await.until("ready again", () -> prism.get("/health/ready", null).statusCode() == 200,
                    Duration.ofSeconds(20));
        }
    }

    @Test
    void aCacheThatIsBypassedNeverMakesTheGatewayUnready() {
        try (LocalRedisServer redis = LocalRedisServer.start();
                RunningPrism prism = RunningPrism.start(config("""
                        redis: { url: "%s", timeout: 250ms }
                        cache: { provider: redis, on_unavailable: bypass }
                        """.formatted(redis.url())))) {
            redis.kill();

            assertThat(prism.get("/health/ready", null).statusCode()).isEqualTo(200);
        }
    }
}
