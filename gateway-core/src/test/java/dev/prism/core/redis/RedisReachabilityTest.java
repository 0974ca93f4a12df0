package dev.prism.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.core.config.RedisSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class RedisReachabilityTest {
    private static RedisSettings at(String url) {
        return RedisSettings.DEFAULT.withUrl(url, "redis.url");
    }

    @Test
    void anAddressThatTakesConnectionsIsReachable() throws IOException {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(RedisReachability.problem(at("redis://127.0.0.1:" + listening.getLocalPort()))).isEmpty();
        }
    }

    @Test
    void aPortNobodyListensOnIsRefused() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        assertThat(RedisReachability.problem(at("redis://127.0.0.1:" + port))).hasValue("connection refused");
    }

    @Test
    void aHostThatDoesNotResolveIsNamed() {
        assertThat(RedisReachability.problem(at("redis://no-such-host.invalid:6379")))
                .hasValue("unknown host no-such-host.invalid");
    }
}
