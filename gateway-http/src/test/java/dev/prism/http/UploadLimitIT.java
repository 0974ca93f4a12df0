package dev.prism.http;

import static dev.prism.http.UpstreamConfig.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.testkit.FakeOpenAiUpstream;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads over {@code server.max_upload_mb} (1 MB here) get 413 and never reach an upstream. */
class UploadLimitIT {
    private static final byte[] TWO_MB_WAV = AudioBytes.wav(1024 * 1024);

    @TempDir
    static Path spoolDir;

    private static FakeOpenAiUpstream upstream;
    private static RunningPrism prism;

    @BeforeAll
    static void start() {
        upstream = FakeOpenAiUpstream.start();
        prism = RunningPrism.start(UpstreamConfig.yaml(upstream, 1, spoolDir));
    }

    @AfterAll
    static void stop() {
        prism.close();
        upstream.close();
    }

    @BeforeEach
    void forgetUpstreamRequests() {
        upstream.reset();
    }

    @AfterEach
    void nothingIsLeftBehind() {
        Bounded.await("the spool directory is empty", () -> Bounded.isEmptyDirectory(spoolDir), Bounded.WAIT);
    }

    @Test
    void uploadOverTheLimitIsRefusedWith413() {
        HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", ADMIN_KEY,
                Form.create().field("model", "whisper-1").file("big.wav", "audio/wav", TWO_MB_WAV));

        JsonNode error = OpenAiErrors.assertError(response, 413);
        assertThat(error.get("code").asText()).isEqualTo("file_too_large");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void chunkedUploadOverTheLimitIsRefusedWith413() {
        Form form = Form.create().field("model", "whisper-1").streamedFile("big.wav", "audio/wav");
        HttpRequest request = prism.request("/v1/audio/translations", ADMIN_KEY)
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> form.stream(new ByteArrayInputStream(TWO_MB_WAV))))
                .build();

        HttpResponse<byte[]> response = prism.send(request);

        JsonNode error = OpenAiErrors.assertError(response, 413);
        assertThat(error.get("code").asText()).isEqualTo("file_too_large");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void uploadJustUnderTheLimitIsServed() {
        byte[] audio = AudioBytes.wav(500 * 1024);
        HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", ADMIN_KEY,
                Form.create().field("model", "whisper-1").file("ok.wav", "audio/wav", audio));

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(upstream.lastRequest().form().file().orElseThrow().bytes()).isEqualTo(audio);
    }
}
