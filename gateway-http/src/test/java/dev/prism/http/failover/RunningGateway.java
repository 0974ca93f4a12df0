package dev.prism.http.failover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.failover.TargetHealth;
import dev.prism.core.failover.TargetHealthRegistry;
import dev.prism.http.PrismServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prism started from a YAML configuration on a free port, and a raw {@link HttpClient} pointed at
 * it, sending as the one virtual key {@link FailoverConfig#KEY}.
 */
final class RunningGateway implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final PrismServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    private RunningGateway(PrismServer server) {
        this.server = server;
    }

    static RunningGateway start(String yaml) {
        return new RunningGateway(PrismServer.start(new ConfigLoader(Map.<String, String>of()::get).parse(yaml),
                Clock.systemUTC(), List.of()));
    }

    /** A component of the running gateway, such as its {@code HttpTransport}. */
    <T> T component(Class<T> type) {
        return server.component(type);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + FailoverConfig.KEY);
    }

    HttpResponse<byte[]> postJson(String path, String json) {
        return send(jsonRequest(path, json), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Sends and returns as soon as the status and headers arrived; the caller reads (and closes) the body. */
    HttpResponse<InputStream> openJson(String path, String json) {
        return send(jsonRequest(path, json), HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpRequest jsonRequest(String path, String json) {
        return request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
    }

    /** Speech on the plain route for {@code model}. */
    HttpResponse<byte[]> speech(String model, String input) {
        return postJson("/v1/audio/speech", speechJson(model, input));
    }

    static String speechJson(String model, String input) {
        return "{\"model\":\"" + model + "\",\"input\":\"" + input + "\",\"voice\":\"alloy\"}";
    }

    /** Each target's breaker state, as {@code /admin/health} shows it, by {@code provider/model}. */
    Map<String, String> breakers() {
        Map<String, String> states = new LinkedHashMap<>();
        for (TargetHealth target : component(TargetHealthRegistry.class).all()) {
            states.put(target.target().provider() + "/" + target.target().model(), target.breakerState());
        }
        return states;
    }

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.close();
    }
}
