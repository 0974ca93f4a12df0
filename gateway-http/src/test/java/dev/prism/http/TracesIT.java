package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.prism.core.config.ConfigLoader;
import dev.prism.testkit.Answer;
import dev.prism.testkit.Await;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.RecordedRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each media request is a server span with a client span per upstream attempt under it, exported
 * through the SDK the gateway wires (here to memory); the trace context of a client goes on to the
 * upstreams, and no key reaches a span.
 */
class TracesIT {
    private static final String KEY = "sk-traces-virtual-key-0123";
    private static final String UPSTREAM_KEY = "sk-traces-provider-key-4567";
    private static final String ADMIN_KEY = "sk-traces-admin-key-8901";
    private static final String CLIENT_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN_ID = "00f067aa0ba902b7";
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static FakeOpenAiUpstream upstream;
    private static RunningPrism prism;

    @BeforeAll
    static void start() {
        upstream = FakeOpenAiUpstream.start();
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                routing: { deadline: 30s }
                providers:
                  first: { type: openai, base_url: "%1$s", api_key: %2$s, timeout: 10s, retry: { max_attempts: 1 },
                           circuit_breaker: { failure_threshold: 1000 } }
                  second: { type: openai, base_url: "%1$s", api_key: %2$s, timeout: 10s, retry: { max_attempts: 1 },
                            circuit_breaker: { failure_threshold: 1000 } }
                  fragile: { type: openai, base_url: "%1$s", api_key: %2$s, timeout: 10s, retry: { max_attempts: 1 },
                             circuit_breaker: { failure_threshold: 1, window: 60s, cooldown: 600s } }
                models:
                  tts-1: { targets: [ { provider: first }, { provider: second, model: tts-1-hd } ] }
                  fragile-tts: { targets: [ { provider: fragile, model: tts-1 }, { provider: second, model: tts-1-hd } ] }
                  cached-tts: { targets: [ { provider: first, model: tts-1 } ], cache: true }
                pricing:
                  second:
                    tts-1-hd: { per_1m_characters: 40, source: "a test's price" }
                keys:
                  - { name: tracer, key: %3$s }
                admin: { key: %4$s }
                cache: { provider: ehcache, disk_mb: 0, endpoints: [] }
                """.formatted(upstream.baseUrl(), UPSTREAM_KEY, KEY, ADMIN_KEY);
        prism = RunningPrism.start(new ConfigLoader(Map.<String, String>of()::get).parse(yaml),
                List.of(new AbstractModule() {
                    @Override
                    protected void configure() {
                        Multibinder.newSetBinder(binder(), SpanProcessor.class).addBinding()
                                .toInstance(SimpleSpanProcessor.create(SPANS));
                    }
                }));
    }

    @AfterAll
    static void stop() {
        prism.close();
        upstream.close();
    }

    @BeforeEach
    void forget() {
        upstream.reset();
        SPANS.reset();
    }

    private static HttpResponse<byte[]> speech(String model, String input, String... headers) {
        HttpRequest.Builder request = prism.request("/v1/audio/speech", KEY).header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return prism.send(request.POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"input\":\""
                + input + "\",\"voice\":\"alloy\",\"response_format\":\"wav\"}", StandardCharsets.UTF_8)).build());
    }

    /** The server span of the one request sent since the last reset, once it ended (after the answer's last byte). */
    private static SpanData serverSpan() {
        Await.until("the server span ends", () -> SPANS.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getKind() == SpanKind.SERVER), Duration.ofSeconds(10));
        List<SpanData> servers = SPANS.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.SERVER)
                .toList();
        assertThat(servers).hasSize(1);
        return servers.getFirst();
    }

    private static List<SpanData> clientSpansUnder(SpanData server) {
        return SPANS.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.CLIENT && s.getTraceId().equals(server.getTraceId()))
                .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos))
                .toList();
    }

    private static <T> T attribute(SpanData span, AttributeKey<T> key) {
        return span.getAttributes().get(key);
    }

    @Test
    void aFailoverIsOneServerSpanWithAClientSpanPerAttempt() {
        upstream.next("/audio/speech", Answer.error(500, "broken"));

        HttpResponse<byte[]> response = speech("tts-1", "Grüße");

        assertThat(response.statusCode()).isEqualTo(200);
        SpanData server = serverSpan();
        assertThat(server.getName()).isEqualTo("POST /v1/audio/speech");
        assertThat(server.getParentSpanContext().isValid()).as("a root span: the client sent no traceparent").isFalse();
        assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(attribute(server, AttributeKey.stringKey("http.request.method"))).isEqualTo("POST");
        assertThat(attribute(server, AttributeKey.stringKey("http.route"))).isEqualTo("/v1/audio/speech");
        assertThat(attribute(server, AttributeKey.stringKey("url.path"))).isEqualTo("/v1/audio/speech");
        assertThat(attribute(server, AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
        assertThat(attribute(server, AttributeKey.stringKey("server.address"))).isEqualTo("127.0.0.1");
        assertThat(attribute(server, AttributeKey.longKey("server.port"))).isEqualTo((long) prism.port());
        assertThat(attribute(server, AttributeKey.stringKey("prism.endpoint"))).isEqualTo("speech");
        assertThat(attribute(server, AttributeKey.stringKey("prism.model"))).isEqualTo("tts-1");
        assertThat(attribute(server, AttributeKey.stringKey("prism.provider"))).isEqualTo("second");
        assertThat(attribute(server, AttributeKey.stringKey("prism.upstream_model"))).isEqualTo("tts-1-hd");
        assertThat(attribute(server, AttributeKey.stringKey("prism.key"))).isEqualTo("tracer");
        assertThat(attribute(server, AttributeKey.longKey("prism.attempts"))).isEqualTo(2L);
        assertThat(attribute(server, AttributeKey.doubleKey("prism.units.characters"))).isEqualTo(5.0);
        // 5 characters at $40 per million.
        assertThat(attribute(server, AttributeKey.doubleKey("prism.cost_usd"))).isEqualTo(0.0002);
        assertThat(attribute(server, AttributeKey.stringKey("prism.request_id")))
                .isEqualTo(response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(attribute(server, AttributeKey.stringKey("prism.call_id"))).isNotBlank();
        assertThat(attribute(server, AttributeKey.stringKey("prism.cache"))).isNull();

        List<SpanData> attempts = clientSpansUnder(server);
        assertThat(attempts).hasSize(2);
        assertThat(attempts).allSatisfy(attempt -> {
            assertThat(attempt.getParentSpanId()).isEqualTo(server.getSpanId());
            assertThat(attribute(attempt, AttributeKey.stringKey("http.request.method"))).isEqualTo("POST");
            assertThat(attribute(attempt, AttributeKey.stringKey("server.address"))).isEqualTo("127.0.0.1");
            assertThat(attribute(attempt, AttributeKey.longKey("server.port"))).isEqualTo((long) upstream.port());
        });
        SpanData failed = attempts.get(0);
        assertThat(failed.getName()).isEqualTo("POST first");
        assertThat(attribute(failed, AttributeKey.stringKey("prism.provider"))).isEqualTo("first");
        assertThat(attribute(failed, AttributeKey.stringKey("prism.upstream_model"))).isEqualTo("tts-1");
        assertThat(attribute(failed, AttributeKey.longKey("prism.attempt"))).isEqualTo(1L);
        assertThat(attribute(failed, AttributeKey.longKey("http.response.status_code"))).isEqualTo(500L);
        assertThat(attribute(failed, AttributeKey.stringKey("error.type"))).isEqualTo("upstream_failed");
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        SpanData served = attempts.get(1);
        assertThat(served.getName()).isEqualTo("POST second");
        assertThat(attribute(served, AttributeKey.stringKey("prism.provider"))).isEqualTo("second");
        assertThat(attribute(served, AttributeKey.stringKey("prism.upstream_model"))).isEqualTo("tts-1-hd");
        assertThat(attribute(served, AttributeKey.longKey("prism.attempt"))).isEqualTo(2L);
        assertThat(attribute(served, AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
        assertThat(attribute(served, AttributeKey.stringKey("error.type"))).isNull();
        assertThat(served.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

        // Each upstream request carried its own attempt's span as its parent, in the call's trace.
        List<RecordedRequest> sent = upstream.requests("/audio/speech");
        assertThat(sent).hasSize(2);
        for (int i = 0; i < 2; i++) {
            // Then the flags: sampled (and, from newer SDKs, random trace id).
            assertThat(sent.get(i).header("traceparent").orElseThrow())
                    .startsWith("00-" + server.getTraceId() + "-" + attempts.get(i).getSpanId() + "-");
        }
    }

    @Test
    void aCacheHitIsAServerSpanWithoutClientSpans() {
        speech("cached-tts", "cache me");
        serverSpan();
        SPANS.reset();

        HttpResponse<byte[]> hit = speech("cached-tts", "cache me");

        assertThat(hit.headers().firstValue("x-prism-cache")).contains("HIT");
        SpanData server = serverSpan();
        assertThat(attribute(server, AttributeKey.stringKey("prism.cache"))).isEqualTo("hit");
        assertThat(attribute(server, AttributeKey.longKey("prism.attempts"))).isEqualTo(0L);
        assertThat(attribute(server, AttributeKey.stringKey("prism.provider"))).isEqualTo("first");
        assertThat(clientSpansUnder(server)).isEmpty();
    }

    @Test
    void aClientsTraceparentIsHonouredAndPassedOnToTheUpstream() {
        HttpResponse<byte[]> response = speech("tts-1", "hello", "traceparent",
                "00-" + CLIENT_TRACE_ID + "-" + CLIENT_SPAN_ID + "-01", "tracestate", "vendor=abc");

        assertThat(response.statusCode()).isEqualTo(200);
        SpanData server = serverSpan();
        assertThat(server.getTraceId()).isEqualTo(CLIENT_TRACE_ID);
        assertThat(server.getParentSpanId()).isEqualTo(CLIENT_SPAN_ID);
        assertThat(server.getParentSpanContext().isRemote()).isTrue();
        List<SpanData> attempts = clientSpansUnder(server);
        assertThat(attempts).hasSize(1);
        RecordedRequest sent = upstream.lastRequest();
        assertThat(sent.header("traceparent")).contains("00-" + CLIENT_TRACE_ID + "-" + attempts.getFirst().getSpanId()
                + "-01");
        assertThat(attempts.getFirst().getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(sent.header("tracestate")).contains("vendor=abc");
    }

    @Test
    void aTargetWhoseCircuitIsOpenIsAnEventOnTheServerSpan() {
        upstream.next("/audio/speech", Answer.error(500, "broken"));
        speech("fragile-tts", "one");
        assertThat(clientSpansUnder(serverSpan())).hasSize(2);
        SPANS.reset();

        speech("fragile-tts", "two");

        SpanData server = serverSpan();
        assertThat(clientSpansUnder(server)).extracting(s -> attribute(s, AttributeKey.stringKey("prism.provider")))
                .containsExactly("second");
        assertThat(server.getEvents()).hasSize(1);
        EventData skipped = server.getEvents().getFirst();
        assertThat(skipped.getName()).isEqualTo("prism.target_skipped");
        assertThat(skipped.getAttributes().get(AttributeKey.stringKey("prism.provider"))).isEqualTo("fragile");
        assertThat(skipped.getAttributes().get(AttributeKey.stringKey("prism.skip_reason"))).isEqualTo("circuit_open");
    }

    @Test
    void aRefusedRequestIsAServerSpanWithItsErrorAndNoKeyReachesAnySpan() {
        HttpResponse<byte[]> refused = prism.postJson("/v1/audio/speech", "sk-not-a-key-" + KEY,
                "{\"model\":\"tts-1\",\"input\":\"x\",\"voice\":\"alloy\"}");
        assertThat(refused.statusCode()).isEqualTo(401);
        SpanData server = serverSpan();
        assertThat(attribute(server, AttributeKey.longKey("http.response.status_code"))).isEqualTo(401L);
        assertThat(attribute(server, AttributeKey.stringKey("error.type"))).isEqualTo("authentication");
        // A client's mistake is no error of the server's.
        assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(attribute(server, AttributeKey.stringKey("prism.key"))).isNull();

        // Whatever was traced: a failover, a hit, a refusal, with every attribute and event.
        upstream.next("/audio/speech", Answer.error(500, "broken"));
        speech("tts-1", "again");
        speech("cached-tts", "cache me too");
        speech("cached-tts", "cache me too");
        prism.get("/admin/usage", ADMIN_KEY);
        Await.until("the four server spans end", () -> SPANS.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER).count() == 4, Duration.ofSeconds(10));
        List<String> texts = new ArrayList<>();
        for (SpanData span : SPANS.getFinishedSpanItems()) {
            texts.add(span.getName());
            span.getAttributes().forEach((key, value) -> texts.add(key.getKey() + "=" + value));
            for (EventData event : span.getEvents()) {
                event.getAttributes().forEach((key, value) -> texts.add(key.getKey() + "=" + value));
            }
        }
        assertThat(texts).hasSizeGreaterThan(40);
        assertThat(texts).noneMatch(t -> t.contains(KEY) || t.contains(UPSTREAM_KEY) || t.contains(ADMIN_KEY)
                || t.contains("Bearer"));
    }
}
