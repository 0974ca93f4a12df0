package dev.prism.http;

import static dev.prism.http.UpstreamConfig.ADMIN_KEY;
import static dev.prism.http.UpstreamConfig.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.StreamedBody;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Streaming speech: the raw audio route, server-sent events, and upstreams that break off after
 * the answer started.
 */
class SpeechStreamingIT extends AgainstFakeUpstream {
    private static final String SPEECH = "{\"model\":\"tts-1\",\"input\":\"Stream me\",\"voice\":\"alloy\"}";
    private static final String SPEECH_SSE =
            "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"Stream me\",\"voice\":\"alloy\",\"stream_format\":\"sse\"}";

    private HttpResponse<InputStream> open(String path, String json) throws Exception {
        HttpRequest request = prism.request(path, ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return Bounded.within(Bounded.WAIT, () -> prism.client().send(request, HttpResponse.BodyHandlers.ofInputStream()));
    }

    @Test
    void speechStreamSendsFirstChunkBeforeUpstreamFinishes() throws Exception {
        byte[] first = "first chunk of audio".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second chunk, the end".getBytes(StandardCharsets.UTF_8);
        StreamedBody body = StreamedBody.create().send(first);
        upstream.next("/audio/speech", Answer.streamed("application/octet-stream", body));

        HttpResponse<InputStream> response = open("/v1/audio/speech/stream", SPEECH);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("audio/mpeg");
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue(PROVIDER);
        try (InputStream in = response.body()) {
            assertThat(Bounded.read(in, first.length)).isEqualTo(first);
            // The client holds chunk 1 while the upstream is still waiting for the test to go on.
            assertThat(body.ended()).isFalse();

            body.send(second).end();

            assertThat(Bounded.readAll(in)).isEqualTo(second);
        }
        Bounded.await("the upstream ended its body", body::ended, Bounded.WAIT);
    }

    @Test
    void aOneByteFirstChunkIsForwardedWithoutWaitingForMore() throws Exception {
        StreamedBody body = StreamedBody.create().send(new byte[] {42});
        upstream.next("/audio/speech", Answer.streamed("audio/mpeg", body));

        HttpResponse<InputStream> response = open("/v1/audio/speech/stream", SPEECH);
        try (InputStream in = response.body()) {
            assertThat(Bounded.read(in, 1)).containsExactly(42);
            assertThat(body.ended()).isFalse();

            body.send(new byte[] {7, 8}).end();

            assertThat(Bounded.readAll(in)).containsExactly(7, 8);
        }
    }

    @Test
    void upstreamReceivesAnOrdinarySpeechRequestForTheStreamingRoute() throws Exception {
        HttpResponse<InputStream> response = open("/v1/audio/speech/stream", SPEECH);
        try (InputStream in = response.body()) {
            assertThat(Bounded.readAll(in)).isEqualTo(FakeOpenAiUpstream.speechBytes("mp3", "Stream me"));
        }
        assertThat(upstream.lastRequest().path()).isEqualTo("/audio/speech");
        assertThat(upstream.lastRequest().json()).containsEntry("model", "tts-1").doesNotContainKey("stream_format");
    }

    @Test
    void speechEventsPassThroughIntact() {
        List<String> events = List.of(
                "data: {\"type\":\"speech.audio.delta\",\"audio\":\"AAEC\"}\n\n",
                "data: {\"type\":\"speech.audio.delta\",\"audio\":\"AwQF\"}\n\n",
                "data: {\"type\":\"speech.audio.done\",\"usage\":{\"input_tokens\":14,\"output_tokens\":101,\"total_tokens\":115}}\n\n");
        upstream.next("/audio/speech", Answer.chunked(200, "text/event-stream",
                events.stream().map(e -> e.getBytes(StandardCharsets.UTF_8)).toList()));

        HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", ADMIN_KEY, SPEECH_SSE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(String.join("", events));
        assertThat(upstream.lastRequest().json()).containsEntry("stream_format", "sse");
    }

    @Test
    void speechEventsFromTheDefaultUpstreamDecodeToItsAudio() {
        HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", ADMIN_KEY, SPEECH_SSE);

        List<JsonNode> events = ServerSentEvents.data(response.body());
        assertThat(events).extracting(e -> e.get("type").asText())
                .containsExactly("speech.audio.delta", "speech.audio.delta", "speech.audio.done");
        byte[] audio = ServerSentEvents.concatBase64(events.subList(0, 2), "audio");
        assertThat(audio).isEqualTo(FakeOpenAiUpstream.speechBytes("mp3", "Stream me"));
    }

    @Test
    void sseStreamThatBreaksOffEndsWithAnErrorEvent() throws Exception {
        String delta = "data: {\"type\":\"speech.audio.delta\",\"audio\":\"AAEC\"}\n\n";
        StreamedBody body = StreamedBody.create().send(delta);
        upstream.next("/audio/speech", Answer.streamed("text/event-stream", body));

        HttpResponse<InputStream> response = open("/v1/audio/speech", SPEECH_SSE);
        try (InputStream in = response.body()) {
            assertThat(new String(Bounded.read(in, delta.length()), StandardCharsets.UTF_8)).isEqualTo(delta);

            body.breakOff();

            byte[] rest = Bounded.readAll(in);
            List<JsonNode> events = ServerSentEvents.data(rest);
            assertThat(events).hasSize(1);
            JsonNode error = events.getFirst().get("error");
            assertThat(error).isNotNull();
            assertThat(error.fieldNames()).toIterable().contains("message", "type", "param", "code");
            assertThat(error.get("message").asText()).isNotBlank();
        }
    }

    @Test
    void rawAudioStreamThatBreaksOffFailsTheClientsRead() throws Exception {
        byte[] first = "the start of some audio".getBytes(StandardCharsets.UTF_8);
        StreamedBody body = StreamedBody.create().send(first);
        upstream.next("/audio/speech", Answer.streamed("audio/mpeg", body));

        HttpResponse<InputStream> response = open("/v1/audio/speech/stream", SPEECH);
        try (InputStream in = response.body()) {
            assertThat(Bounded.read(in, first.length)).isEqualTo(first);

            body.breakOff();

            assertThatThrownBy(() -> Bounded.readAll(in)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aStreamThatStallsLongerThanTheProviderTimeoutFailsTheClientsRead() throws Exception {
        byte[] first = "audio before the stall".getBytes(StandardCharsets.UTF_8);
        StreamedBody body = StreamedBody.create().send(first);
        upstream.next("/audio/speech", Answer.streamed("audio/mpeg", body));

        // hang-tts goes to a provider with a 300 ms timeout; the test never sends the rest.
        HttpResponse<InputStream> response = open("/v1/audio/speech/stream",
                "{\"model\":\"hang-tts\",\"input\":\"Stall\",\"voice\":\"alloy\"}");
        try (InputStream in = response.body()) {
            assertThat(Bounded.read(in, first.length)).isEqualTo(first);
            assertThatThrownBy(() -> Bounded.readAll(in)).isInstanceOf(IOException.class);
        }
        body.end();
    }

    @Test
    void anEventStreamThatStallsEndsWithAnErrorEvent() throws Exception {
        String delta = "data: {\"type\":\"speech.audio.delta\",\"audio\":\"AAEC\"}\n\n";
        StreamedBody body = StreamedBody.create().send(delta);
        upstream.next("/audio/speech", Answer.streamed("text/event-stream", body));

        HttpResponse<InputStream> response = open("/v1/audio/speech",
                "{\"model\":\"hang-tts\",\"input\":\"Stall\",\"voice\":\"alloy\",\"stream_format\":\"sse\"}");
        try (InputStream in = response.body()) {
            byte[] all = Bounded.readAll(in);
            List<JsonNode> events = ServerSentEvents.data(all);
            assertThat(events).hasSize(2);
            assertThat(events.get(0).get("type").asText()).isEqualTo("speech.audio.delta");
            assertThat(events.get(1).get("error").get("message").asText()).isNotBlank();
        }
        body.end();
    }

    @Test
    void aClientThatGoesAwayMidStreamDropsTheUpstreamConnection() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        StreamedBody body = StreamedBody.create().send(chunk);
        upstream.next("/audio/speech", Answer.streamed("audio/mpeg", body));

        HttpResponse<InputStream> response = open("/v1/audio/speech/stream", SPEECH);
        InputStream in = response.body();
        Bounded.read(in, chunk.length);
        in.close();
        // Far more than any socket buffer holds: only a gateway that drains the upstream reads it all.
        for (int i = 0; i < 400; i++) {
            body.send(chunk);
        }

        assertThat(body.awaitWriteFailure(Bounded.WAIT)).as("the upstream's write failed").isTrue();
        assertThat(body.ended()).isFalse();
        assertThat(prism.postJson("/v1/audio/speech", ADMIN_KEY, SPEECH).statusCode()).isEqualTo(200);
    }

    @Test
    void audioOfKnownLengthThatBreaksOffFailsTheClientsRead() throws Exception {
        byte[] partial = new byte[1000];
        upstream.next("/audio/speech", Answer.brokenOffAfter("audio/mpeg", partial, 5000));

        HttpResponse<InputStream> response = open("/v1/audio/speech", SPEECH);
        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream in = response.body()) {
            assertThatThrownBy(() -> Bounded.readAll(in)).isInstanceOf(IOException.class);
        }
    }
}
