package dev.prism.testkit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Where integration tests find the services they need. First the environment
 * ({@code PRISM_TEST_REDIS_URL}, {@code PRISM_TEST_POSTGRES_URL}; CI points them at the machine's
 * Redis and PostgreSQL), then a Testcontainers
 * container when a Docker engine is there (a developer laptop), else the test is skipped with the
 * reason. With {@code PRISM_REQUIRE_SERVICES=true} (CI) a missing service fails the test instead:
 * in CI these tests must run.
 */
public final class TestServices {
    private static GenericContainer<?> redis;
    private static GenericContainer<?> postgres;

    private TestServices() {}

    /** A {@code redis://host:port} URL of a Redis the test may write to. */
    public static synchronized String redisUrl() {
        String url = System.getenv("PRISM_TEST_REDIS_URL");
        if (url != null && !url.isBlank()) {
            return url;
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            if (redis == null) {
                redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
                redis.start();
            }
            return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
        }
        unavailable("Redis", "PRISM_TEST_REDIS_URL is not set and no Docker engine is available for Testcontainers");
        return null;
    }

    /**
     * A {@code jdbc:postgresql://host:port/database?user=...} URL of a PostgreSQL the test may make
     * schemas in. Tests share the database: each makes a schema of its own and drops it after.
     */
    public static synchronized String postgresUrl() {
        String url = System.getenv("PRISM_TEST_POSTGRES_URL");
        if (url != null && !url.isBlank()) {
            return url;
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            if (postgres == null) {
                postgres = new GenericContainer<>("postgres:16-alpine").withExposedPorts(5432)
                        .withEnv("POSTGRES_PASSWORD", "prism-test")
                        .waitingFor(org.testcontainers.containers.wait.strategy.Wait.forLogMessage(
                                ".*database system is ready to accept connections.*", 2));
                postgres.start();
            }
            return "jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getMappedPort(5432)
                    + "/postgres?user=postgres&password=prism-test";
        }
        unavailable("PostgreSQL", "PRISM_TEST_POSTGRES_URL is not set and no Docker engine is available for Testcontainers");
        return null;
    }

    private static void unavailable(String service, String why) {
        if ("true".equals(System.getenv("PRISM_REQUIRE_SERVICES"))) {
            Assertions.fail(service + " is required here (PRISM_REQUIRE_SERVICES=true) but " + why);
        }
        Assumptions.abort(service + " tests skipped: " + why);
    }
}
