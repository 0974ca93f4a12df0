package dev.prism.http;

import static dev.prism.http.UpstreamConfig.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.StreamedBody;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code server.max_in_flight} (1 here): while one API request is being served, streamed answer
 * included, the next gets 503 {@code server_is_overloaded} with {@code retry-after} at once, and
 * is served again as soon as the first has finished.
 */
class OverloadIT {
    private static final String SPEECH = "{\"model\":\"tts-1\",\"input\":\"Hold on\",\"voice\":\"alloy\"}";

    private static FakeOpenAiUpstream upstream;
    private static RunningPrism prism;

    @BeforeAll
    static void start() {
        upstream = FakeOpenAiUpstream.start();
        prism = RunningPrism.start(UpstreamConfig.yaml(upstream, "max_in_flight: 1"));
    }

    @AfterAll
    static void stop() {
        prism.close();
        upstream.close();
    }

    @Test
    void aRequestBeyondTheCapIs503WithRetryAfterUntilTheStreamInFlightHasEnded() throws Exception {
        byte[] first = "first chunk".getBytes(StandardCharsets.UTF_8);
        StreamedBody body = StreamedBody.create().send(first);
        upstream.next("/audio/speech", Answer.streamed("audio/mpeg", body));
        HttpRequest speech = prism.request("/v1/audio/speech/stream", ADMIN_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(SPEECH)).build();
        HttpResponse<InputStream> streaming = Bounded.within(Bounded.WAIT,
                () -> prism.client().send(speech, HttpResponse.BodyHandlers.ofInputStream()));
        try (InputStream in = streaming.body()) {
            assertThat(Bounded.read(in, first.length)).isEqualTo(first);

            HttpResponse<byte[]> refused = prism.postForm("/v1/audio/transcriptions", ADMIN_KEY, Form.create()
                    .field("model", "whisper-1").file("a.wav", "audio/wav", AudioBytes.wav(64 * 1024)));

            JsonNode error = OpenAiErrors.assertError(refused, 503);
            assertThat(error.get("code").asText()).isEqualTo("server_is_overloaded");
            assertThat(refused.headers().firstValue("retry-after")).hasValue("1");
            assertThat(refused.headers().firstValue("x-request-id")).isPresent();
            assertThat(upstream.requestCount()).as("requests that reached the upstream").isEqualTo(1);
            assertThat(prism.get("/health", null).statusCode()).as("health is not counted").isEqualTo(200);

            body.send("the end").end();
            assertThat(new String(Bounded.readAll(in), StandardCharsets.UTF_8)).isEqualTo("the end");
        }
        // The permit goes back once the route has returned, a moment after the client saw the end.
        Bounded.await("a request is served again",
                () -> prism.get("/v1/models", ADMIN_KEY).statusCode() == 200, Bounded.WAIT);
    }
}
