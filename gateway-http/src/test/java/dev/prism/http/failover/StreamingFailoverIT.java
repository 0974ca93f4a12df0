package dev.prism.http.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.http.ServerSentEvents;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.StreamedBody;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streams fail over until their first byte has gone to the client, and not after: a late first
 * byte or a connection dropped before it goes to the next target; a stream that breaks after it
 * reaches the client as an error (an SSE error event, or a raw body whose read fails), never as a
 * clean end and never as a second answer from another target.
 */
class StreamingFailoverIT {
    private static final String SPEECH_STREAM = "/v1/audio/speech/stream";
    /** first_byte_timeout of the primary. */
    private static final Duration FIRST_BYTE_TIMEOUT = Duration.ofMillis(300);

    private static FakeOpenAiUpstream primary;
    private static FakeOpenAiUpstream backup;
    private static RunningGateway prism;

    @BeforeAll
    static void start() {
        primary = FakeOpenAiUpstream.start();
        backup = FakeOpenAiUpstream.start();
        prism = RunningGateway.start(FailoverConfig.create()
                .provider("primary", primary, "timeout: 30s", "first_byte_timeout: 300ms", "retry: { max_attempts: 1 }",
                        "circuit_breaker: { failure_threshold: 1000 }")
                .provider("backup", backup, "retry: { max_attempts: 1 }")
                .alias("tts-1", "targets: [ { provider: primary }, { provider: backup } ]")
                .yaml());
    }

    @AfterAll
    static void stop() {
        prism.close();
        primary.close();
        backup.close();
    }

    @BeforeEach
    void forgetRequests() {
        primary.reset();
        backup.reset();
    }

    private static HttpResponse<InputStream> openStream(String input) throws Exception {
        return Await.within(Await.WAIT, () -> prism.openJson(SPEECH_STREAM, RunningGateway.speechJson("tts-1", input)));
    }

    private static byte[] readAll(InputStream in) throws Exception {
        return Await.within(Await.WAIT, in::readAllBytes);
    }

    private static byte[] read(InputStream in, int n) throws Exception {
        return Await.within(Await.WAIT, () -> in.readNBytes(n));
    }

    private static void assertServedByBackup(HttpResponse<InputStream> response, String input) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("backup");
        try (InputStream in = response.body()) {
            assertThat(readAll(in)).isEqualTo(FakeOpenAiUpstream.speechBytes("mp3", input));
        }
        assertThat(primary.requests("/audio/speech")).hasSize(1);
        assertThat(backup.requests("/audio/speech")).hasSize(1);
    }

    @Test
    void aStatusLineLaterThanTheFirstByteTimeoutFallsBack() throws Exception {
        primary.next("/audio/speech", Answer.likeOpenAi().afterDelay(Duration.ofSeconds(30)));

        Await.Timed<HttpResponse<InputStream>> call = Await.timed(() -> openStream("Late status"));

        assertServedByBackup(call.result(), "Late status");
        assertThat(call.elapsed()).as("the fallback answered long before the primary would have, or its 30 s timeout")
                .isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void headersOnTimeButAFirstAudioByteLaterThanTheFirstByteTimeoutFallsBack() throws Exception {
        StreamedBody silent = StreamedBody.create();
        primary.next("/audio/speech", Answer.streamed("audio/mpeg", silent));

        HttpResponse<InputStream> response = openStream("Late audio");

        assertServedByBackup(response, "Late audio");
        silent.end();
    }

    @Test
    void aConnectionDroppedBeforeAnyByteFallsBack() throws Exception {
        primary.next("/audio/speech", Answer.dropConnection());

        assertServedByBackup(openStream("Dropped"), "Dropped");
    }

    @Test
    void aConnectionDroppedAfterTheHeadersButBeforeAnyAudioFallsBack() throws Exception {
        primary.next("/audio/speech", Answer.brokenOffAfter("audio/mpeg", new byte[0], 1000));

        assertServedByBackup(openStream("Cut short"), "Cut short");
    }

    @Test
    void aRawStreamThatBreaksAfterItsFirstChunkFailsTheClientsReadWithoutFallingBack() throws Exception {
        byte[] first = "the first chunk of audio".getBytes(StandardCharsets.UTF_8);
        StreamedBody body = StreamedBody.create().send(first);
        primary.next("/audio/speech", Answer.streamed("audio/mpeg", body));

        HttpResponse<InputStream> response = openStream("Break after one");
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("primary");
        try (InputStream in = response.body()) {
            assertThat(read(in, first.length)).isEqualTo(first);

            body.breakOff();

            assertThatThrownBy(() -> readAll(in)).as("a clean end would pass a truncated clip as whole")
                    .isInstanceOf(IOException.class);
        }
        assertThat(backup.requestCount()).as("requests that reached the fallback").isZero();
    }

    @Test
    void anEventStreamThatBreaksAfterItsFirstEventEndsWithAnErrorEventWithoutFallingBack() throws Exception {
        String delta = "data: {\"type\":\"speech.audio.delta\",\"audio\":\"AAEC\"}\n\n";
        StreamedBody body = StreamedBody.create().send(delta);
        primary.next("/audio/speech", Answer.streamed("text/event-stream", body));

        HttpResponse<InputStream> response = Await.within(Await.WAIT, () -> prism.openJson("/v1/audio/speech",
                "{\"model\":\"tts-1\",\"input\":\"Events\",\"voice\":\"alloy\",\"stream_format\":\"sse\"}"));
        try (InputStream in = response.body()) {
            assertThat(new String(read(in, delta.length()), StandardCharsets.UTF_8)).isEqualTo(delta);

            body.breakOff();

            List<JsonNode> events = ServerSentEvents.data(readAll(in));
            assertThat(events).hasSize(1);
            JsonNode error = events.getFirst().get("error");
            assertThat(error).as("the final event").isNotNull();
            assertThat(error.get("message").asText()).isNotBlank();
        }
        assertThat(backup.requestCount()).as("requests that reached the fallback").isZero();
    }

    @Test
    void afterTheFirstByteAPauseLongerThanTheFirstByteTimeoutIsNoFailure() throws Exception {
        byte[] first = "audio before a pause".getBytes(StandardCharsets.UTF_8);
        byte[] second = "audio after it".getBytes(StandardCharsets.UTF_8);
        StreamedBody body = StreamedBody.create().send(first);
        primary.next("/audio/speech", Answer.streamed("audio/mpeg", body));

        HttpResponse<InputStream> response = openStream("Pause");
        try (InputStream in = response.body()) {
            assertThat(read(in, first.length)).isEqualTo(first);
            // The upstream pauses twice the first-byte timeout, well within its timeout (30 s).
            CompletableFuture.runAsync(() -> body.send(second).end(),
                    CompletableFuture.delayedExecutor(FIRST_BYTE_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS));

            assertThat(readAll(in)).isEqualTo(second);
        }
        assertThat(backup.requestCount()).isZero();
    }
}
