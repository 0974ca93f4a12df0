package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.MultipartForm;
import dev.prism.testkit.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The test kit's fake OpenAI answers as the wire contract says, so tests against it mean something. */
class FakeOpenAiUpstreamIT {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static FakeOpenAiUpstream upstream;

    @BeforeAll
    static void start() {
        upstream = FakeOpenAiUpstream.start();
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.timeout(Bounded.WAIT).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpRequest.Builder post(String path, String contentType, byte[] body) {
        return HttpRequest.newBuilder(URI.create(upstream.baseUrl() + path)).header("Authorization", "Bearer sk-x")
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    @Test
    void baseUrlEndsInV1() {
        assertThat(upstream.baseUrl()).isEqualTo("http://127.0.0.1:" + upstream.port() + "/v1");
    }

    @Test
    void speechIsAudioOfTheRequestedFormatWithTheFakesRequestId() throws Exception {
        HttpResponse<byte[]> response = send(post("/audio/speech", "application/json",
                "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\",\"response_format\":\"flac\"}".getBytes()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("audio/flac");
        assertThat(response.headers().firstValue("x-request-id")).hasValueSatisfying(
                id -> assertThat(id).startsWith("req_upstream_"));
        assertThat(response.body()).isEqualTo(FakeOpenAiUpstream.speechBytes("flac", "Hi"));
        RecordedRequest recorded = upstream.lastRequest();
        assertThat(recorded.method()).isEqualTo("POST");
        assertThat(recorded.path()).isEqualTo("/audio/speech");
        assertThat(recorded.header("authorization")).hasValue("Bearer sk-x");
        assertThat(recorded.json()).containsEntry("response_format", "flac");
    }

    @Test
    void aRequestWithoutAKeyIs401InOpenAisEnvelope() throws Exception {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/models")).GET());

        OpenAiErrors.assertError(response, 401);
    }

    @Test
    void aMissingParameterIs400NamingIt() throws Exception {
        HttpResponse<byte[]> response = send(post("/audio/speech", "application/json",
                "{\"model\":\"tts-1\",\"input\":\"Hi\"}".getBytes()));

        assertThat(OpenAiErrors.assertError(response, 400).get("param").asText()).isEqualTo("voice");
    }

    @Test
    void verboseTranscriptHasWordsWhenAsked() throws Exception {
        Form form = Form.create().field("model", "whisper-1").field("response_format", "verbose_json")
                .field("timestamp_granularities[]", "word").file("a \\\"quoted\\\" name.wav", "audio/wav", new byte[] {1, 2});

        HttpResponse<byte[]> response = send(post("/audio/transcriptions", form.contentType(), form.bytes()));

        JsonNode verbose = OpenAiErrors.json(response.body());
        assertThat(verbose.get("task").asText()).isEqualTo("transcribe");
        assertThat(verbose.get("words")).hasSize(FakeOpenAiUpstream.TRANSCRIPT_TEXT.split(" ").length);
        assertThat(verbose.has("segments")).isFalse();
        MultipartForm received = upstream.lastRequest().form();
        assertThat(received.fieldNames()).containsExactly("model", "response_format", "timestamp_granularities[]");
        assertThat(received.file().orElseThrow().filename()).isEqualTo("a \"quoted\" name.wav");
        assertThat(received.file().orElseThrow().bytes()).containsExactly(1, 2);
    }

    @Test
    void translationInSrtIsPlainText() throws Exception {
        Form form = Form.create().field("model", "whisper-1").field("response_format", "srt")
                .file("a.wav", "audio/wav", new byte[] {1});

        HttpResponse<byte[]> response = send(post("/audio/translations", form.contentType(), form.bytes()));

        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains(FakeOpenAiUpstream.TRANSLATION_TEXT);
    }

    @Test
    void dallEImagesComeAsLinksTheFakeServes() throws Exception {
        HttpResponse<byte[]> response = send(post("/images/generations", "application/json",
                "{\"model\":\"dall-e-3\",\"prompt\":\"A cat\"}".getBytes()));

        String url = OpenAiErrors.json(response.body()).get("data").get(0).get("url").asText();
        HttpResponse<byte[]> image = send(HttpRequest.newBuilder(URI.create(url)).GET());
        assertThat(image.headers().firstValue("content-type")).hasValue("image/png");
        assertThat(image.body()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }

    @Test
    void unknownModelsAndPathsAre404() throws Exception {
        HttpRequest.Builder model = HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/models/nope"))
                .header("Authorization", "Bearer sk-x").GET();
        assertThat(OpenAiErrors.assertError(send(model), 404).get("code").asText()).isEqualTo("model_not_found");

        OpenAiErrors.assertError(send(post("/audio/sing", "application/json", "{}".getBytes())), 404);
    }

    @Test
    void scriptedAnswersComeFirstThenStandingOnesThenTheDefault() throws Exception {
        upstream.always("/audio/speech", Answer.text(200, "audio/mpeg", "standing"));
        upstream.next("/audio/speech", Answer.error(503, "Overloaded").withHeader("retry-after", "1"));
        byte[] body = "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\"}".getBytes();

        HttpResponse<byte[]> first = send(post("/audio/speech", "application/json", body));
        HttpResponse<byte[]> second = send(post("/audio/speech", "application/json", body));

        assertThat(OpenAiErrors.assertError(first, 503).get("type").asText()).isEqualTo("service_unavailable_error");
        assertThat(first.headers().firstValue("retry-after")).hasValue("1");
        assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("standing");
        assertThat(upstream.requests("/audio/speech")).hasSize(2);
    }

    @Test
    void aDelayedAnswerHoldsItsFirstByteBack() throws Exception {
        upstream.next("/models", Answer.likeOpenAi().afterDelay(Duration.ofMillis(300)));
        long start = System.nanoTime();

        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(upstream.baseUrl() + "/models"))
                .header("Authorization", "Bearer sk-x").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aHangingAnswerIsReleasedWhenTheFakeCloses() throws Exception {
        FakeOpenAiUpstream own = FakeOpenAiUpstream.start();
        own.next("/models", Answer.hang());
        CompletableFuture<HttpResponse<byte[]>> pending = CLIENT.sendAsync(
                HttpRequest.newBuilder(URI.create(own.baseUrl() + "/models")).header("Authorization", "Bearer sk-x")
                        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(own.awaitRequests(1, Bounded.WAIT)).isTrue();
        assertThat(pending).isNotDone();

        own.close();

        assertThatThrownBy(() -> pending.get(Bounded.WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
    }
}
