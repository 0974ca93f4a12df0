package dev.prism.http;

import static dev.prism.http.UpstreamConfig.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that leaves while Prism waits for the upstream's first byte ends the upstream call and
 * frees its spooled upload at once, not when the upstream answers (3 s later here); a client that
 * stays gets its answer.
 */
class ClientLeavesWhileWaitingIT {
    private static final Duration UPSTREAM_THINKS = Duration.ofSeconds(3);
    /** Well before the upstream answers, counted from when it received the request. */
    private static final Duration NOTICED_WITHIN = Duration.ofMillis(2500);
    private static final byte[] TWO_MB_WAV = AudioBytes.wav(1024 * 1024);

    @TempDir
    Path spoolDir;

    private FakeOpenAiUpstream upstream;
    private RunningPrism prism;

    @BeforeEach
    void start() {
        assumeThat(TcpStates.available()).as("/proc/net/tcp shows who closed a connection").isTrue();
        upstream = FakeOpenAiUpstream.start();
        prism = RunningPrism.start(UpstreamConfig.yaml(upstream, 25, spoolDir));
    }

    @AfterEach
    void stop() {
        if (prism != null) {
            prism.close();
            upstream.close();
        }
    }

    private static byte[] transcriptionRequest(String connection) {
        Form form = Form.create().field("model", "whisper-1").field("response_format", "text")
                .file("big.wav", "audio/wav", TWO_MB_WAV);
        byte[] body = form.bytes();
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST /v1/audio/transcriptions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + ADMIN_KEY + "\r\nContent-Type: " + form.contentType() + "\r\nContent-Length: " + body.length
                + "\r\nConnection: " + connection + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);
        return request.toByteArray();
    }

    /** Sends a transcription whose upstream takes 3 s, and leaves once the upstream has it. */
    private void leaveWhileTheUpstreamThinks() throws Exception {
        upstream.next("/audio/transcriptions", Answer.likeOpenAi().afterDelay(UPSTREAM_THINKS));
        int requestsBefore = upstream.requestCount();
        try (Socket client = new Socket("127.0.0.1", prism.port())) {
            OutputStream out = client.getOutputStream();
            out.write(transcriptionRequest("keep-alive"));
            out.flush();
            assertThat(upstream.awaitRequests(requestsBefore + 1, Bounded.WAIT)).as("the upstream got the request").isTrue();
            assertThat(Bounded.isEmptyDirectory(spoolDir)).as("the upload is spooled while the upstream thinks").isFalse();
        }
    }

    private void assertTheUpstreamCallEndedBeforeItsAnswer() {
        Bounded.await("the upstream saw its caller hang up", () -> TcpStates.closedByTheirClient(upstream.port()) == 1,
                NOTICED_WITHIN);
        assertThat(upstream.activeExchanges()).as("the upstream has not answered yet").isEqualTo(1);
        Bounded.await("the spooled upload is deleted", () -> Bounded.isEmptyDirectory(spoolDir), Duration.ofMillis(500));
    }

    @Test
    void clientLeavingWhileTheUpstreamThinksEndsTheUpstreamCallAndDeletesTheSpooledUpload() throws Exception {
        leaveWhileTheUpstreamThinks();

        assertTheUpstreamCallEndedBeforeItsAnswer();
        HttpResponse<byte[]> next = prism.get("/v1/models", ADMIN_KEY);
        assertThat(next.statusCode()).as("the server still serves").isEqualTo(200);
    }

    @Test
    void upstreamCallOnAReusedKeepAliveConnectionEndsToo() throws Exception {
        HttpResponse<byte[]> warmUp = prism.postForm("/v1/audio/transcriptions", ADMIN_KEY,
                Form.create().field("model", "whisper-1").file("small.wav", "audio/wav", AudioBytes.wav(100)));
        assertThat(warmUp.statusCode()).isEqualTo(200);

        leaveWhileTheUpstreamThinks();

        assertThat(upstream.connectionsSeen()).as("the slow call went over the warm connection").isEqualTo(1);
        assertTheUpstreamCallEndedBeforeItsAnswer();
    }

    @Test
    void clientThatWaitsGetsItsAnswerAndTheWatchedConnectionCloses() throws Exception {
        upstream.next("/audio/transcriptions", Answer.likeOpenAi().afterDelay(Duration.ofMillis(1500)));

        String response;
        try (Socket client = new Socket("127.0.0.1", prism.port())) {
            client.getOutputStream().write(transcriptionRequest("keep-alive"));
            client.getOutputStream().flush();
            // To its end: Prism closes the connection after the answer.
            response = new String(Bounded.readAll(client.getInputStream()), StandardCharsets.UTF_8);
        }

        assertThat(response).startsWith("HTTP/1.1 200");
        assertThat(headersOf(response)).contains("connection: close");
        assertThat(response).contains(FakeOpenAiUpstream.TRANSCRIPT_TEXT);
        assertThat(Bounded.isEmptyDirectory(spoolDir)).isTrue();
    }

    @Test
    void quickAnswerKeepsTheConnectionAlive() throws Exception {
        try (Socket client = new Socket("127.0.0.1", prism.port())) {
            for (int i = 0; i < 2; i++) {
                client.getOutputStream().write(transcriptionRequest("keep-alive"));
                client.getOutputStream().flush();
                String head = readHead(client.getInputStream());
                assertThat(head).startsWith("HTTP/1.1 200");
                assertThat(head.toLowerCase(Locale.ROOT)).contains("connection: keep-alive");
                Bounded.read(client.getInputStream(), contentLength(head));
            }
        }
    }

    private static String headersOf(String response) {
        return response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
    }

    private static String readHead(InputStream in) throws Exception {
        return Bounded.within(Bounded.WAIT, () -> {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new AssertionError("the connection closed in the headers: " + head);
                }
                head.write(b);
            }
            return head.toString(StandardCharsets.US_ASCII);
        });
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        throw new AssertionError("no content-length in " + head);
    }
}
