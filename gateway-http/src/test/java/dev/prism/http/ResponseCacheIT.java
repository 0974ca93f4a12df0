package dev.prism.http;

import static dev.prism.http.OpenAiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.StreamedBody;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The response cache seen from a client: headers, hits that cost no upstream call, streams. */
class ResponseCacheIT {
    private static final String KEY = "sk-cache-test-key";

    @TempDir
    static Path cacheDir;

    private static FakeOpenAiUpstream upstream;
    private static RunningPrism prism;

    @BeforeAll
    static void start() {
        upstream = FakeOpenAiUpstream.start();
        prism = RunningPrism.start("""
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  up: { type: openai, base_url: %s, api_key: sk-upstream-secret, retry: { max_attempts: 1 } }
                models:
                  tts-1: { targets: [ { provider: up } ] }
                  uncached-tts: { targets: [ { provider: up, model: tts-1 } ], cache: false }
                  whisper-1: { targets: [ { provider: up } ] }
                  dall-e-3: { targets: [ { provider: up } ] }
                keys:
                  - { name: cache-test, key: %s }
                cache:
                  provider: ehcache
                  ttl: 1h
                  heap_mb: 16
                  disk_mb: 32
                  dir: %s
                """.formatted(upstream.baseUrl(), KEY, cacheDir));
    }

    @AfterAll
    static void stop() {
        prism.close();
        upstream.close();
    }

    @BeforeEach
    void resetUpstream() {
        upstream.reset();
    }

    private static String speech(String input) {
        return "{\"model\":\"tts-1\",\"input\":\"" + input + "\",\"voice\":\"alloy\",\"response_format\":\"wav\"}";
    }

    private static String unique(String text) {
        return text + " " + UUID.randomUUID();
    }

    @Test
    void aRepeatedSpeechRequestIsAnsweredFromTheCacheNamingWhoMadeTheEntry() {
        String body = speech(unique("hello"));
        HttpResponse<byte[]> miss = prism.postJson("/v1/audio/speech", KEY, body);
        HttpResponse<byte[]> hit = prism.postJson("/v1/audio/speech", KEY, body);

        assertThat(miss.statusCode()).isEqualTo(200);
        assertThat(miss.headers().firstValue("x-prism-cache")).hasValue("MISS");
        assertThat(hit.headers().firstValue("x-prism-cache")).hasValue("HIT");
        assertThat(hit.body()).isEqualTo(miss.body());
        assertThat(hit.headers().firstValue("content-type")).isEqualTo(miss.headers().firstValue("content-type"));
        assertThat(hit.headers().firstValue("x-prism-provider")).hasValue("up");
        assertThat(hit.headers().firstValue("x-prism-model")).isEqualTo(miss.headers().firstValue("x-prism-model"));
        // A hit made no upstream attempt.
        assertThat(miss.headers().firstValue("x-prism-attempts")).hasValue("1");
        assertThat(hit.headers().firstValue("x-prism-attempts")).hasValue("0");
        assertThat(hit.headers().firstValue("x-request-id")).isNotEqualTo(miss.headers().firstValue("x-request-id"));
        assertThat(upstream.requests("/audio/speech")).hasSize(1);
    }

    @Test
    void theStreamingRouteIsServedFromTheSameEntry() throws Exception {
        String body = speech(unique("streamed"));
        HttpResponse<byte[]> miss = prism.postJson("/v1/audio/speech", KEY, body);
        HttpResponse<byte[]> hit = prism.postJson("/v1/audio/speech/stream", KEY, body);
        assertThat(hit.headers().firstValue("x-prism-cache")).hasValue("HIT");
        assertThat(hit.body()).isEqualTo(miss.body());
        assertThat(upstream.requests("/audio/speech")).hasSize(1);
    }

    @Test
    void aStreamTheClientAbandonsIsNotStored() throws Exception {
        StreamedBody stream = StreamedBody.create();
        upstream.next("/audio/speech", Answer.streamed("audio/wav", stream));
        String body = speech(unique("abandoned"));
        HttpRequest request = prism.request("/v1/audio/speech/stream", KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        // Prism answers once the upstream's first byte is there, so that byte must be on its way first.
        stream.send("RIFF-first-part".getBytes(StandardCharsets.UTF_8));
        HttpResponse<InputStream> response = prism.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            assertThat(Bounded.read(in, 4)).hasSize(4);
        }
        // The client went away; whatever the upstream still sends, nothing complete was seen.
        stream.breakOff();

        HttpResponse<byte[]> again = prism.postJson("/v1/audio/speech", KEY, body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("x-prism-cache")).hasValue("MISS");
        assertThat(upstream.requests("/audio/speech")).hasSize(2);
    }

    @Test
    void anUpstreamErrorIsNeverStored() {
        String body = speech(unique("failing"));
        upstream.next("/audio/speech", Answer.error(500, "boom"));
        assertError(prism.postJson("/v1/audio/speech", KEY, body), 502);
        HttpResponse<byte[]> after = prism.postJson("/v1/audio/speech", KEY, body);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("x-prism-cache")).hasValue("MISS");
    }

    @Test
    void cacheControlNoCacheRefreshesAndNoStoreBypasses() {
        String body = speech(unique("directives"));
        prism.postJson("/v1/audio/speech", KEY, body);
        HttpResponse<byte[]> refreshed = prism.send(prism.request("/v1/audio/speech", KEY)
                .header("Content-Type", "application/json").header("Cache-Control", "no-cache")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        HttpResponse<byte[]> bypassed = prism.send(prism.request("/v1/audio/speech", KEY)
                .header("Content-Type", "application/json").header("Cache-Control", "no-store")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(refreshed.headers().firstValue("x-prism-cache")).hasValue("MISS");
        assertThat(bypassed.headers().firstValue("x-prism-cache")).hasValue("BYPASS");
        assertThat(upstream.requests("/audio/speech")).hasSize(3);
    }

    @Test
    void aBadRequestedTtlIsRefusedBeforeAnyUpstreamCall() {
        HttpResponse<byte[]> response = prism.send(prism.request("/v1/audio/speech", KEY)
                .header("Content-Type", "application/json").header("x-prism-cache-ttl", "soon")
                .POST(HttpRequest.BodyPublishers.ofString(speech(unique("ttl")))).build());
        assertThat(assertError(response, 400).path("param").asText()).isEqualTo("x-prism-cache-ttl");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void anAliasCanOptOut() {
        String body = "{\"model\":\"uncached-tts\",\"input\":\"" + unique("opt out") + "\",\"voice\":\"alloy\"}";
        HttpResponse<byte[]> first = prism.postJson("/v1/audio/speech", KEY, body);
        prism.postJson("/v1/audio/speech", KEY, body);
        assertThat(first.headers().firstValue("x-prism-cache")).isEmpty();
        assertThat(upstream.requests("/audio/speech")).hasSize(2);
    }

    @Test
    void imagesAreNotCachedUnlessConfigured() {
        String body = "{\"model\":\"dall-e-3\",\"prompt\":\"" + unique("a lighthouse") + "\",\"response_format\":\"b64_json\"}";
        HttpResponse<byte[]> first = prism.postJson("/v1/images/generations", KEY, body);
        prism.postJson("/v1/images/generations", KEY, body);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-prism-cache")).isEmpty();
        assertThat(upstream.requests("/images/generations")).hasSize(2);
    }

    @Test
    void aTranscriptIsKeyedByTheFileBytesNotItsName() {
        byte[] audio = AudioBytes.wav(24_000 + (int) (Math.random() * 1000));
        HttpResponse<byte[]> first = prism.postForm("/v1/audio/transcriptions", KEY,
                Form.create().field("model", "whisper-1").file("meeting.wav", "audio/wav", audio));
        HttpResponse<byte[]> renamed = prism.postForm("/v1/audio/transcriptions", KEY,
                Form.create().field("model", "whisper-1").file("other-name.wav", "audio/wav", audio));
        byte[] changed = audio.clone();
        changed[changed.length - 1] ^= 0x7F;
        HttpResponse<byte[]> differentFileSameName = prism.postForm("/v1/audio/transcriptions", KEY,
                Form.create().field("model", "whisper-1").file("meeting.wav", "audio/wav", changed));

        assertThat(first.headers().firstValue("x-prism-cache")).hasValue("MISS");
        assertThat(renamed.headers().firstValue("x-prism-cache")).hasValue("HIT");
        assertThat(renamed.body()).isEqualTo(first.body());
        assertThat(differentFileSameName.headers().firstValue("x-prism-cache")).hasValue("MISS");
        assertThat(upstream.requests("/audio/transcriptions")).hasSize(2);
    }

    @Test
    void translationsAreCachedToo() {
        byte[] audio = AudioBytes.wav(12_000 + (int) (Math.random() * 1000));
        Form form = Form.create().field("model", "whisper-1").field("response_format", "text").file("a.wav", "audio/wav", audio);
        HttpResponse<byte[]> first = prism.postForm("/v1/audio/translations", KEY, form);
        HttpResponse<byte[]> second = prism.postForm("/v1/audio/translations", KEY, form);
        assertThat(second.headers().firstValue("x-prism-cache")).hasValue("HIT");
        assertThat(second.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(upstream.requests("/audio/translations")).hasSize(1);
    }

    @Test
    void concurrentIdenticalRequestsCostOneUpstreamCall() throws Exception {
        String body = speech(unique("popular"));
        StreamedBody slow = StreamedBody.create();
        upstream.next("/audio/speech", Answer.streamed("audio/wav", slow));
        List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(prism.client().sendAsync(prism.request("/v1/audio/speech", KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray()));
        }
        assertThat(upstream.awaitRequests(1, Bounded.WAIT)).isTrue();
        slow.send("RIFF all of the audio".getBytes(StandardCharsets.UTF_8));
        slow.end();
        for (var answer : answers) {
            HttpResponse<byte[]> response = answer.get(Bounded.WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("RIFF all of the audio");
        }
        assertThat(upstream.requests("/audio/speech")).hasSize(1);
    }
}
