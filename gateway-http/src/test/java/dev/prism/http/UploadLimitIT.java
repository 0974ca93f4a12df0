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

/**
 * Uploads over {@code server.max_upload_mb} (1 MB here), a text field over 4 MiB and text fields
 * over {@code server.max_form_fields_mb} (8 by default) together get 413 and never reach an upstream.
 */
class UploadLimitIT {
    private static final int MIB = 1024 * 1024;
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

    @Test
    void aTextFieldOverFourMiBIsRefusedWith413NamingIt() {
        HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", ADMIN_KEY, Form.create()
                .field("model", "whisper-1").field("prompt", "p".repeat(4 * MIB + 1))
                .file("a.wav", "audio/wav", AudioBytes.wav(1000)));

        JsonNode error = OpenAiErrors.assertError(response, 413);
        assertThat(error.get("param").asText()).isEqualTo("prompt");
        assertThat(error.get("code").asText()).isEqualTo("request_too_large");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void textFieldsOverTheirTotalAreRefusedWith413AlsoWhenChunked() {
        Form form = Form.create().field("model", "whisper-1");
        for (int i = 0; i < 3; i++) {
            form.field("known_speaker_references[]", dataUrl(3 * MIB));
        }
        form.file("a.wav", "audio/wav", AudioBytes.wav(1000));
        // No length announced: only counting the bytes as they arrive can refuse it.
        HttpRequest request = prism.request("/v1/audio/transcriptions", ADMIN_KEY)
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(form.bytes())))
                .build();

        HttpResponse<byte[]> response = prism.send(request);

        JsonNode error = OpenAiErrors.assertError(response, 413);
        assertThat(error.get("code").asText()).isEqualTo("request_too_large");
        assertThat(error.get("message").asText()).contains("8 MiB");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void fourSpeakerReferencesWithinTheTotalAreForwardedInOrder() {
        Form form = Form.create().field("model", "gpt-4o-transcribe");
        for (int i = 0; i < 4; i++) {
            form.field("known_speaker_names[]", "speaker-" + i)
                    .field("known_speaker_references[]", i + dataUrl(2 * MIB - 64 * 1024));
        }
        HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", ADMIN_KEY,
                form.file("a.wav", "audio/wav", AudioBytes.wav(1000)));

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(upstream.lastRequest().form().fields("known_speaker_references[]")).hasSize(4)
                .allSatisfy(reference -> assertThat(reference).hasSize(2 * MIB - 64 * 1024 + 1))
                .extracting(reference -> reference.charAt(0)).containsExactly('0', '1', '2', '3');
    }

    /** A {@code data:} URL of about {@code length} characters, as an SDK sends a speaker's sample. */
    private static String dataUrl(int length) {
        String prefix = "data:audio/wav;base64,";
        return prefix + "A".repeat(length - prefix.length());
    }
}
