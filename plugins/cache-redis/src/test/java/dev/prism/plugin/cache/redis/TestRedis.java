package dev.prism.plugin.cache.redis;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Where the Redis for integration tests is: {@code PRISM_TEST_REDIS_URL} (CI sets it to the
 * machine's Redis), else a Testcontainers Redis when Docker is there (a developer laptop), else the
 * test is skipped with the reason. With {@code PRISM_REQUIRE_SERVICES=true} (CI) it fails instead.
 */
final class TestRedis {
    private static GenericContainer<?> container;

    private TestRedis() {}

    static synchronized String url() {
        String url = System.getenv("PRISM_TEST_REDIS_URL");
        if (url != null && !url.isBlank()) {
            return url;
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            if (container == null) {
                container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
                container.start();
            }
            return "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
        }
        String why = "PRISM_TEST_REDIS_URL is not set and no Docker engine is available for Testcontainers";
        if ("true".equals(System.getenv("PRISM_REQUIRE_SERVICES"))) {
            fail("Redis is required here (PRISM_REQUIRE_SERVICES=true) but " + why);
        }
        Assumptions.abort("Redis tests skipped: " + why);
        return null;
    }
}
