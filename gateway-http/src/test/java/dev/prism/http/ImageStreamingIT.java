package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.api.ErrorKind;
import dev.prism.api.UsageUnit;
import dev.prism.core.ledger.UsageLedger;
import dev.prism.core.ledger.UsageQuery;
import dev.prism.core.ledger.UsageTotals;
import dev.prism.core.record.CompletedCall;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.StreamedBody;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streamed image generation ({@code stream: true}, {@code partial_images}) over real sockets: the
 * upstream's events reach the client one by one, a target that fails before its first event gives
 * way to the next, one that breaks off after it ends in an error event, the completed event's usage
 * is the call's, and a completed stream is replayed from the cache as the same events.
 */
class ImageStreamingIT {
    private static final String KEY = "sk-image-stream-key";
    private static final BlockingQueue<CompletedCall> COMPLETED = new LinkedBlockingQueue<>();
    private static final String PARTIAL = event("image_generation.partial_image",
            "{\"type\":\"image_generation.partial_image\",\"b64_json\":\"" + FakeOpenAiUpstream.PNG_BASE64
                    + "\",\"partial_image_index\":0}");
    private static final String COMPLETED_EVENT = event("image_generation.completed",
            "{\"type\":\"image_generation.completed\",\"b64_json\":\"" + FakeOpenAiUpstream.PNG_BASE64
                    + "\",\"usage\":{\"input_tokens\":10,\"output_tokens\":100,\"total_tokens\":110,"
                    + "\"input_tokens_details\":{\"text_tokens\":10,\"image_tokens\":0}}}");

    @TempDir
    static Path dir;

    private static FakeOpenAiUpstream primary;
    private static FakeOpenAiUpstream backup;
    private static RunningPrism prism;

    @BeforeAll
    static void start() {
        primary = FakeOpenAiUpstream.start();
        backup = FakeOpenAiUpstream.start();
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                routing: { deadline: 30s }
                providers:
                  primary: { type: openai, base_url: "%1$s", api_key: sk-up, timeout: 10s, retry: { max_attempts: 1 },
                             circuit_breaker: { failure_threshold: 1000 } }
                  backup: { type: openai, base_url: "%2$s", api_key: sk-up, timeout: 10s, retry: { max_attempts: 1 },
                            circuit_breaker: { failure_threshold: 1000 } }
                models:
                  gpt-image-1: { targets: [ { provider: primary }, { provider: backup } ] }
                  cached-image: { targets: [ { provider: primary, model: gpt-image-1 } ], cache: true }
                  priced-image: { targets: [ { provider: primary, model: gpt-image-1 } ] }
                keys:
                  - { name: images, key: %3$s }
                pricing:
                  primary:
                    gpt-image-1: { per_1m_tokens: { input_text: 5, input_image: 10, output_image: 40 }, source: "OpenAI" }
                cache: { provider: ehcache, disk_mb: 0 }
                ledger: { url: "jdbc:h2:file:%4$s", spill_dir: "%5$s" }
                """.formatted(primary.baseUrl(), backup.baseUrl(), KEY, dir.resolve("ledger"), dir.resolve("spill"));
        prism = RunningPrism.startListening(yaml, COMPLETED::add);
    }

    @AfterAll
    static void stop() {
        prism.close();
        primary.close();
        backup.close();
    }

    @BeforeEach
    void forget() {
        primary.reset();
        backup.reset();
        COMPLETED.clear();
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    private static String streamRequest(String model, String prompt) {
        return "{\"model\":\"" + model + "\",\"prompt\":\"" + prompt + "\",\"stream\":true,\"partial_images\":1}";
    }

    private static HttpResponse<InputStream> open(String json) throws Exception {
        HttpRequest request = prism.request("/v1/images/generations", KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return Bounded.within(Bounded.WAIT, () -> prism.client().send(request, HttpResponse.BodyHandlers.ofInputStream()));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static CompletedCall theRecord() throws InterruptedException {
        CompletedCall call = COMPLETED.poll(10, TimeUnit.SECONDS);
        assertThat(call).as("a completed record").isNotNull();
        return call;
    }

    @Test
    void eachEventReachesTheClientBeforeTheUpstreamSendsTheNext() throws Exception {
        StreamedBody body = StreamedBody.create().send(PARTIAL);
        primary.next("/images/generations", Answer.streamed("text/event-stream", body));

        HttpResponse<InputStream> response = open(streamRequest("gpt-image-1", "A paced fox"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        try (InputStream in = response.body()) {
            assertThat(text(Bounded.read(in, PARTIAL.length()))).isEqualTo(PARTIAL);
            // The client holds the partial image while the upstream still waits to send the completed one.
            assertThat(body.ended()).isFalse();

            body.send(COMPLETED_EVENT).end();

            assertThat(text(Bounded.readAll(in))).isEqualTo(COMPLETED_EVENT);
        }
        assertThat(primary.lastRequest().json()).containsEntry("stream", true)
                .containsEntry("partial_images", BigDecimal.ONE);
    }

    @Test
    void aTargetThatFailsBeforeItsFirstEventGivesWayToTheNext() throws Exception {
        primary.next("/images/generations", Answer.error(503, "The engine is currently overloaded"));

        HttpResponse<byte[]> response = prism.postJson("/v1/images/generations", KEY,
                streamRequest("gpt-image-1", "A fox after a failover"));

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("backup");
        assertThat(ServerSentEvents.names(response.body()))
                .containsExactly("image_generation.partial_image", "image_generation.completed");
        assertThat(primary.requests("/images/generations")).hasSize(1);
        assertThat(backup.lastRequest().json()).containsEntry("stream", true)
                .containsEntry("partial_images", BigDecimal.ONE);
    }

    @Test
    void aTargetThatDropsTheConnectionBeforeItsFirstEventGivesWayToTheNext() {
        primary.next("/images/generations", Answer.dropConnection());

        HttpResponse<byte[]> response = prism.postJson("/v1/images/generations", KEY,
                streamRequest("gpt-image-1", "A fox after a dropped connection"));

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("backup");
        assertThat(ServerSentEvents.names(response.body())).endsWith("image_generation.completed");
    }

    @Test
    void aStreamThatBreaksOffAfterItsFirstEventEndsWithAnErrorEventAndNoSecondAnswer() throws Exception {
        StreamedBody body = StreamedBody.create().send(PARTIAL);
        primary.next("/images/generations", Answer.streamed("text/event-stream", body));

        HttpResponse<InputStream> response = open(streamRequest("gpt-image-1", "A fox cut short"));
        try (InputStream in = response.body()) {
            assertThat(text(Bounded.read(in, PARTIAL.length()))).isEqualTo(PARTIAL);

            body.breakOff();

            List<JsonNode> rest = ServerSentEvents.data(Bounded.readAll(in));
            assertThat(rest).singleElement().satisfies(e -> {
                assertThat(e.get("error").fieldNames()).toIterable().contains("message", "type", "param", "code");
                assertThat(e.get("error").get("message").asText()).isNotBlank();
            });
        }
        assertThat(backup.requests()).as("no failover once an event went out").isEmpty();
        CompletedCall call = theRecord();
        assertThat(call.status()).isEqualTo(200);
        assertThat(call.error()).contains(ErrorKind.UPSTREAM_FAILED);
    }

    @Test
    void theUsageOfTheCompletedEventIsTheCallsAndPricesIt() throws Exception {
        Instant before = Instant.now();
        primary.next("/images/generations", Answer.chunked(200, "text/event-stream",
                Stream.of(PARTIAL, COMPLETED_EVENT).map(e -> e.getBytes(StandardCharsets.UTF_8)).toList()));

        HttpResponse<byte[]> response = prism.postJson("/v1/images/generations", KEY,
                streamRequest("priced-image", "A priced fox"));

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(text(response.body())).isEqualTo(PARTIAL + COMPLETED_EVENT);
        CompletedCall call = theRecord();
        assertThat(call.usage().amounts()).containsEntry(UsageUnit.INPUT_TOKENS, new BigDecimal(10))
                .containsEntry(UsageUnit.INPUT_TEXT_TOKENS, new BigDecimal(10))
                .containsEntry(UsageUnit.OUTPUT_TOKENS, new BigDecimal(100))
                .containsEntry(UsageUnit.OUTPUT_IMAGE_TOKENS, new BigDecimal(100));
        UsageLedger ledger = prism.component(UsageLedger.class);
        UsageQuery query = UsageQuery.between(before.minusSeconds(60), Instant.now().plusSeconds(60)).forModel("priced-image");
        Bounded.await("the ledger holds the call", () -> ledger.usage(query).total().requests() == 1, Bounded.WAIT);
        UsageTotals totals = ledger.usage(query).total();
        // gpt-image-1: $5 per 1M text tokens in, $40 per 1M image tokens out.
        assertThat(totals.costUsd()).isEqualByComparingTo("0.00405");
        assertThat(totals.estimated()).isZero();
    }

    @Test
    void aCompletedStreamIsCachedAndReplayedAsTheSameEvents() {
        String request = streamRequest("cached-image", "A cached fox " + UUID.randomUUID());

        HttpResponse<byte[]> miss = prism.postJson("/v1/images/generations", KEY, request);
        HttpResponse<byte[]> hit = prism.postJson("/v1/images/generations", KEY, request);

        assertThat(miss.statusCode()).as(OpenAiErrors.body(miss)).isEqualTo(200);
        assertThat(miss.headers().firstValue("x-prism-cache")).hasValue("MISS");
        assertThat(hit.headers().firstValue("x-prism-cache")).hasValue("HIT");
        assertThat(hit.headers().firstValue("content-type")).isEqualTo(miss.headers().firstValue("content-type"));
        assertThat(text(hit.body())).isEqualTo(text(miss.body()));
        assertThat(ServerSentEvents.names(hit.body()))
                .containsExactly("image_generation.partial_image", "image_generation.completed");
        assertThat(primary.requests("/images/generations")).hasSize(1);
    }

    @Test
    void theSamePromptWithOtherPartialImagesIsAnotherEntry() {
        String prompt = "A fox in parts " + UUID.randomUUID();
        prism.postJson("/v1/images/generations", KEY, streamRequest("cached-image", prompt));

        HttpResponse<byte[]> twoPartials = prism.postJson("/v1/images/generations", KEY,
                "{\"model\":\"cached-image\",\"prompt\":\"" + prompt + "\",\"stream\":true,\"partial_images\":2}");
        HttpResponse<byte[]> notStreamed = prism.postJson("/v1/images/generations", KEY,
                "{\"model\":\"cached-image\",\"prompt\":\"" + prompt + "\"}");

        assertThat(twoPartials.headers().firstValue("x-prism-cache")).hasValue("MISS");
        assertThat(ServerSentEvents.names(twoPartials.body())).containsExactly("image_generation.partial_image",
                "image_generation.partial_image", "image_generation.completed");
        assertThat(notStreamed.headers().firstValue("x-prism-cache")).hasValue("MISS");
        assertThat(primary.requests("/images/generations")).hasSize(3);
    }

    @Test
    void aStreamThatBrokeOffIsNeverCached() throws Exception {
        String request = streamRequest("cached-image", "A broken fox " + UUID.randomUUID());
        StreamedBody body = StreamedBody.create().send(PARTIAL);
        primary.next("/images/generations", Answer.streamed("text/event-stream", body));
        HttpResponse<InputStream> broken = open(request);
        try (InputStream in = broken.body()) {
            Bounded.read(in, PARTIAL.length());
            body.breakOff();
            assertThat(ServerSentEvents.data(Bounded.readAll(in))).singleElement()
                    .satisfies(e -> assertThat(e.has("error")).isTrue());
        }

        HttpResponse<byte[]> next = prism.postJson("/v1/images/generations", KEY, request);

        assertThat(next.headers().firstValue("x-prism-cache")).hasValue("MISS");
        assertThat(ServerSentEvents.names(next.body())).endsWith("image_generation.completed");
        assertThat(primary.requests("/images/generations")).hasSize(2);
    }

    @Test
    void aStreamThatEndedWithTheUpstreamsErrorEventIsNeverCached() {
        String request = streamRequest("cached-image", "A refused fox " + UUID.randomUUID());
        String error = event("error", "{\"type\":\"error\",\"error\":{\"type\":\"image_generation_user_error\","
                + "\"code\":\"moderation_blocked\",\"message\":\"Your request was rejected.\",\"param\":null}}");
        primary.next("/images/generations", Answer.chunked(200, "text/event-stream",
                Stream.of(PARTIAL, error).map(e -> e.getBytes(StandardCharsets.UTF_8)).toList()));

        HttpResponse<byte[]> refused = prism.postJson("/v1/images/generations", KEY, request);
        HttpResponse<byte[]> next = prism.postJson("/v1/images/generations", KEY, request);

        assertThat(text(refused.body())).isEqualTo(PARTIAL + error);
        assertThat(next.headers().firstValue("x-prism-cache")).hasValue("MISS");
        assertThat(ServerSentEvents.names(next.body())).endsWith("image_generation.completed");
        assertThat(primary.requests("/images/generations")).hasSize(2);
    }
}
