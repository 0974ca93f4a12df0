package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.api.ErrorKind;
import dev.prism.api.Operation;
import dev.prism.api.UsageUnit;
import dev.prism.core.record.Attempt;
import dev.prism.core.record.CacheStatus;
import dev.prism.core.record.CompletedCall;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.StreamedBody;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every request leaves exactly one completed record, through the real wiring: served after a
 * failover, answered from the cache, refused, abandoned by its client, broken off by its upstream.
 * The headers a client sees are written from the same record.
 */
class CallRecordIT {
    private static final String KEY = "sk-record-test-key";
    private static final BlockingQueue<CompletedCall> COMPLETED = new LinkedBlockingQueue<>();
    private static FakeOpenAiUpstream upstream;
    private static RunningPrism prism;

    @BeforeAll
    static void start() {
        upstream = FakeOpenAiUpstream.start();
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                routing: { deadline: 30s }
                providers:
                  first: { type: openai, base_url: "%1$s", api_key: sk-up, timeout: 10s, retry: { max_attempts: 1 },
                           circuit_breaker: { failure_threshold: 1000 } }
                  second: { type: openai, base_url: "%1$s", api_key: sk-up, timeout: 10s, retry: { max_attempts: 1 },
                            circuit_breaker: { failure_threshold: 1000 } }
                models:
                  tts-1: { targets: [ { provider: first }, { provider: second, model: tts-1-hd } ] }
                  cached-tts: { targets: [ { provider: first, model: tts-1 } ], cache: true }
                  plain-tts: { targets: [ { provider: first, model: tts-1 } ] }
                  whisper-1: { targets: [ { provider: first } ] }
                  dall-e-2: { targets: [ { provider: first } ] }
                  gpt-image-1: { targets: [ { provider: first } ] }
                  priced-tts: { targets: [ { provider: second, model: local-tts } ] }
                pricing:
                  second:
                    local-tts: { per_1m_characters: 40, source: "what the team pays for its server" }
                keys:
                  - { name: recorder, key: %2$s }
                cache: { provider: ehcache, disk_mb: 0, endpoints: [] }
                """.formatted(upstream.baseUrl(), KEY);
        prism = RunningPrism.startListening(yaml, COMPLETED::add);
    }

    @AfterAll
    static void stop() {
        prism.close();
        upstream.close();
    }

    @BeforeEach
    void forget() {
        upstream.reset();
        COMPLETED.clear();
    }

    private static CompletedCall theOnlyRecord() throws InterruptedException {
        CompletedCall call = COMPLETED.poll(10, TimeUnit.SECONDS);
        assertThat(call).as("a completed record").isNotNull();
        // Listeners hear of a call once: nothing else arrives for it.
        assertThat(COMPLETED.poll(200, TimeUnit.MILLISECONDS)).as("a second record").isNull();
        return call;
    }

    private static HttpResponse<byte[]> speech(String model, String input) {
        return prism.postJson("/v1/audio/speech", KEY,
                "{\"model\":\"" + model + "\",\"input\":\"" + input + "\",\"voice\":\"alloy\",\"response_format\":\"wav\"}");
    }

    @Test
    void aFailoverLeavesOneRecordWithBothAttemptsAndTheHeadersSayTheSame() throws Exception {
        upstream.next("/audio/speech", Answer.error(503, "overloaded"));

        HttpResponse<byte[]> response = speech("tts-1", "Grüße");

        assertThat(response.statusCode()).isEqualTo(200);
        CompletedCall call = theOnlyRecord();
        assertThat(call.attempts()).extracting(Attempt::provider).containsExactly("first", "second");
        assertThat(call.attempts().get(0).upstreamStatus()).isEqualTo(503);
        assertThat(call.attempts().get(0).failure()).contains(ErrorKind.UPSTREAM_FAILED);
        assertThat(call.attempts().get(1).succeeded()).isTrue();
        assertThat(call.provider()).contains("second");
        assertThat(call.upstreamModel()).contains("tts-1-hd");
        assertThat(call.keyName()).contains("recorder");
        assertThat(call.endpoint()).contains(Operation.SPEECH);
        assertThat(call.alias()).contains("tts-1");
        assertThat(call.status()).isEqualTo(200);
        assertThat(call.error()).isEmpty();
        // Code points, not UTF-8 bytes: "Grüße" is 5 characters in 7 bytes.
        assertThat(call.usage().amount(UsageUnit.CHARACTERS)).contains(BigDecimal.valueOf(5));
        assertThat(call.bytesOut()).isEqualTo(response.body().length);
        assertThat(call.bytesIn()).isPositive();

        assertThat(response.headers().firstValue("x-prism-provider")).contains("second");
        assertThat(response.headers().firstValue("x-prism-model")).contains("tts-1-hd");
        assertThat(response.headers().firstValue("x-prism-attempts")).contains("2");
        // An OpenAI-compatible server that is not OpenAI: no price applies, and the headers say so.
        assertThat(response.headers().firstValue("x-prism-usage")).contains("characters=5; unpriced");
        assertThat(response.headers().firstValue("x-prism-cost")).isEmpty();
        assertThat(response.headers().firstValue("x-request-id")).contains(call.requestId());
    }

    @Test
    void aCacheHitRecordsNoAttemptAndNamesWhoMadeTheEntry() throws Exception {
        speech("cached-tts", "cache me");
        assertThat(theOnlyRecord().cache()).isEqualTo(CacheStatus.MISS);

        HttpResponse<byte[]> hit = speech("cached-tts", "cache me");

        CompletedCall call = theOnlyRecord();
        assertThat(call.cache()).isEqualTo(CacheStatus.HIT);
        assertThat(call.attempts()).isEmpty();
        assertThat(call.provider()).contains("first");
        assertThat(call.upstreamModel()).contains("tts-1");
        assertThat(call.usage().amount(UsageUnit.CHARACTERS)).contains(BigDecimal.valueOf(8));
        assertThat(hit.headers().firstValue("x-prism-attempts")).contains("0");
        assertThat(hit.headers().firstValue("x-prism-provider")).contains("first");
        assertThat(hit.headers().firstValue("x-prism-model")).contains("tts-1");
        assertThat(hit.headers().firstValue("x-prism-cache")).contains("HIT");
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void refusedRequestsAreRecordedToo() throws Exception {
        HttpResponse<byte[]> noKey = prism.postJson("/v1/audio/speech", "sk-not-a-key-at-all",
                "{\"model\":\"tts-1\",\"input\":\"x\",\"voice\":\"alloy\"}");
        assertThat(noKey.statusCode()).isEqualTo(401);
        CompletedCall unknownKey = theOnlyRecord();
        assertThat(unknownKey.status()).isEqualTo(401);
        assertThat(unknownKey.error()).contains(ErrorKind.AUTHENTICATION);
        assertThat(unknownKey.keyName()).isEmpty();
        assertThat(unknownKey.endpoint()).contains(Operation.SPEECH);

        prism.postJson("/v1/audio/speech", KEY, "{\"model\":\"tts-1\",\"input\":\"x\",\"voice\":\"alloy\",\"speed\":9}");
        CompletedCall invalid = theOnlyRecord();
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.error()).contains(ErrorKind.INVALID_REQUEST);
        assertThat(invalid.keyName()).contains("recorder");

        prism.postJson("/v1/audio/speech", KEY, "{\"model\":\"no-such-model\",\"input\":\"x\",\"voice\":\"alloy\"}");
        CompletedCall unknownModel = theOnlyRecord();
        assertThat(unknownModel.status()).isEqualTo(404);
        assertThat(unknownModel.attempts()).isEmpty();
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void anUpstreamThatBreaksMidStreamIsRecordedAsAFailedAnswer() throws Exception {
        StreamedBody body = StreamedBody.create();
        upstream.next("/audio/speech", Answer.streamed("audio/wav", body));
        body.send(new byte[4096]);
        Thread.ofVirtual().start(() -> {
            try {
                body.awaitChunksWritten(1, Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            body.breakOff();
        });

        try {
            prism.client().send(prism.request("/v1/audio/speech", KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"plain-tts\",\"input\":\"x\",\"voice\":\"alloy\"}"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException expected) {
            // The aborted answer fails the client's read, as it should.
        }

        CompletedCall call = theOnlyRecord();
        assertThat(call.status()).isEqualTo(200);
        assertThat(call.error()).contains(ErrorKind.UPSTREAM_FAILED);
        assertThat(call.attempts()).hasSize(1);
    }

    @Test
    void aClientThatLeavesMidStreamIsRecordedAsGone() throws Exception {
        StreamedBody body = StreamedBody.create();
        upstream.next("/audio/speech", Answer.streamed("audio/wav", body));
        body.send(new byte[4096]);

        HttpResponse<InputStream> response = prism.client().send(prism.request("/v1/audio/speech", KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"plain-tts\",\"input\":\"x\",\"voice\":\"alloy\"}"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            assertThat(in.readNBytes(1024)).hasSize(1024);
        }
        // Prism finds out when it next writes to the closed connection.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (COMPLETED.isEmpty() && System.nanoTime() < deadline) {
            body.send(new byte[64 * 1024]);
            Thread.sleep(10);
        }

        CompletedCall call = theOnlyRecord();
        assertThat(call.status()).isEqualTo(CompletedCall.CLIENT_CLOSED);
        body.end();
    }

    @Test
    void mediaUnitsAreMeasuredForEveryEndpointAndSentInTheUsageHeader() throws Exception {
        HttpResponse<byte[]> images = prism.postJson("/v1/images/generations", KEY,
                "{\"model\":\"dall-e-2\",\"prompt\":\"a prism\",\"n\":2,\"size\":\"256x256\"}");
        assertThat(images.headers().firstValue("x-prism-usage")).contains("images=2; unpriced");
        CompletedCall image = theOnlyRecord();
        assertThat(image.units().imageSize()).contains("256x256");

        // Two seconds of 16 kHz mono audio, read from the WAV's own header.
        HttpResponse<byte[]> transcript = prism.postForm("/v1/audio/transcriptions", KEY,
                Form.create().field("model", "whisper-1").file("clip.wav", "audio/wav", AudioBytes.wav(32_000)));
        assertThat(transcript.statusCode()).isEqualTo(200);
        CompletedCall transcription = theOnlyRecord();
        assertThat(transcription.units().usage().amount(UsageUnit.AUDIO_SECONDS)).hasValueSatisfying(
                seconds -> assertThat(seconds).isEqualByComparingTo("2.000"));
        assertThat(transcription.units().usage().estimated()).isFalse();
        // What the upstream reports after the call wins over what Prism measured before it: the fake
        // OpenAI bills this clip as 3 seconds, and the header, read whole before it went out, says so.
        assertThat(transcript.headers().firstValue("x-prism-usage")).contains("audio_seconds=3; unpriced");
        assertThat(transcription.usage().amount(UsageUnit.AUDIO_SECONDS)).hasValueSatisfying(
                seconds -> assertThat(seconds).isEqualByComparingTo("3"));
        assertThat(transcript.headers().firstValue("x-prism-model")).contains("whisper-1");

        // Bytes that are no audio container: a guess from the size, and said to be one.
        HttpResponse<byte[]> guessed = prism.postForm("/v1/audio/translations", KEY,
                Form.create().field("model", "whisper-1").file("noise.bin", "application/octet-stream",
                        "not audio at all, just bytes".repeat(1000).getBytes(StandardCharsets.UTF_8)));
        CompletedCall guess = theOnlyRecord();
        assertThat(guess.units().usage().estimated()).isTrue();
        assertThat(guessed.statusCode()).isEqualTo(200);
    }

    @Test
    void aCompatibleServerIsPricedWhereTheConfigurationPricesIt() throws Exception {
        HttpResponse<byte[]> response = speech("priced-tts", "Sixteen letters!");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-prism-cost")).contains("0.00064");
        assertThat(response.headers().firstValue("x-prism-usage")).contains("characters=16");
        assertThat(theOnlyRecord().upstreamModel()).contains("local-tts");
    }

    @Test
    void errorsCarryTheRecordsHeadersWhereTheyApply() throws Exception {
        upstream.next("/audio/speech", Answer.error(400, "Instructions are not supported.", "invalid_request_error",
                "instructions", null));

        HttpResponse<byte[]> refused = speech("cached-tts", "refused");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("x-prism-provider")).contains("first");
        assertThat(refused.headers().firstValue("x-prism-attempts")).contains("1");
        assertThat(refused.headers().firstValue("x-prism-usage")).contains("characters=7");
        // Refused: nothing was bought, priced or not.
        assertThat(refused.headers().firstValue("x-prism-cost")).contains("0");
        CompletedCall call = theOnlyRecord();
        assertThat(call.status()).isEqualTo(400);
        assertThat(call.error()).contains(ErrorKind.UPSTREAM_REJECTED);
    }

    @Test
    void anEditIsRecordedAsImageEditsWithTheImagesAskedForAndTheTokensReported() throws Exception {
        HttpResponse<byte[]> response = prism.postForm("/v1/images/edits", KEY, Form.create()
                .field("model", "gpt-image-1").field("prompt", "A hat").field("n", "2").field("size", "1024x1024")
                .filePart("image[]", "a.png", "image/png", ImageEditsIT.png(1, 100))
                .filePart("image[]", "b.png", "image/png", ImageEditsIT.png(2, 100)));

        assertThat(response.statusCode()).isEqualTo(200);
        CompletedCall call = theOnlyRecord();
        assertThat(call.endpoint()).contains(Operation.IMAGE_EDIT);
        assertThat(call.units().usage().amount(UsageUnit.IMAGES)).hasValueSatisfying(n -> assertThat(n).isEqualByComparingTo("2"));
        assertThat(call.units().imageSize()).contains("1024x1024");
        assertThat(call.usage().amount(UsageUnit.INPUT_IMAGE_TOKENS))
                .hasValueSatisfying(tokens -> assertThat(tokens).isEqualByComparingTo("100"));
        assertThat(call.bytesIn()).isGreaterThan(200);
    }

    @Test
    void aVariationIsRecordedAsImageVariations() throws Exception {
        HttpResponse<byte[]> response = prism.postForm("/v1/images/variations", KEY, Form.create()
                .filePart("image", "a.png", "image/png", ImageEditsIT.png(3, 100)).field("n", "3"));

        assertThat(response.statusCode()).isEqualTo(200);
        CompletedCall call = theOnlyRecord();
        assertThat(call.endpoint()).contains(Operation.IMAGE_VARIATION);
        assertThat(call.alias()).contains("dall-e-2");
        assertThat(call.units().usage().amount(UsageUnit.IMAGES)).hasValueSatisfying(n -> assertThat(n).isEqualByComparingTo("3"));
    }
}
