package dev.prism.http;

import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A Prism started for a test on a free port, with a raw {@link HttpClient} pointed at it. */
final class RunningPrism implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final PrismServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    private RunningPrism(PrismServer server) {
        this.server = server;
    }

    /** Starts Prism with a YAML configuration ({@code ${VAR}} references are not resolved). */
    static RunningPrism start(String yaml) {
        return start(new ConfigLoader(Map.<String, String>of()::get).parse(yaml));
    }

    /** Starts Prism with a YAML configuration and a clock of the test's own (periods, the ledger's times). */
    static RunningPrism start(String yaml, Clock clock) {
        return new RunningPrism(PrismServer.start(new ConfigLoader(Map.<String, String>of()::get).parse(yaml), clock,
                List.of()));
    }

    static RunningPrism start(GatewayConfig config) {
        return start(config, List.of());
    }

    /** With a clock of the test's own and extra Guice modules. */
    static RunningPrism start(GatewayConfig config, Clock clock, List<com.google.inject.Module> modules) {
        return new RunningPrism(PrismServer.start(config, clock, modules));
    }

    /** Starts Prism with a YAML configuration, telling {@code listener} of every completed call. */
    static RunningPrism startListening(String yaml, dev.prism.core.record.CallListener listener) {
        return start(new ConfigLoader(Map.<String, String>of()::get).parse(yaml), List.of(new com.google.inject.AbstractModule() {
            @Override
            protected void configure() {
                com.google.inject.multibindings.Multibinder.newSetBinder(binder(), dev.prism.core.record.CallListener.class)
                        .addBinding().toInstance(listener);
            }
        }));
    }

    /** With extra Guice modules: a listener of completed calls, say. */
    static RunningPrism start(GatewayConfig config, List<com.google.inject.Module> modules) {
        return new RunningPrism(PrismServer.start(config, Clock.systemUTC(), modules));
    }

    PrismServer server() {
        return server;
    }

    int port() {
        return server.port();
    }

    /** The official OpenAI SDK pointed at this Prism with {@code key}: no retries, a 30 s timeout. */
    com.openai.client.OpenAIClient openAiClient(String key) {
        return com.openai.client.okhttp.OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + port() + "/v1")
                .apiKey(key)
                .maxRetries(0)
                .timeout(TIMEOUT.plusSeconds(10))
                .build();
    }

    /** A component of the running gateway. */
    <T> T component(Class<T> type) {
        return server.component(type);
    }

    /** {@code http://127.0.0.1:PORT} followed by {@code path}. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpClient client() {
        return client;
    }

    HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        return builder;
    }

    HttpResponse<byte[]> postJson(String path, String key, String json) {
        return send(request(path, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build());
    }

    HttpResponse<byte[]> postForm(String path, String key, Form form) {
        return send(request(path, key).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build());
    }

    HttpResponse<byte[]> get(String path, String key) {
        return send(request(path, key).GET().build());
    }

    HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
