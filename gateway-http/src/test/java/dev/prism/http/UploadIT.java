package dev.prism.http;

import static dev.prism.http.UpstreamConfig.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.MultipartForm;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large and chunked uploads: streamed from disk, spooled by Prism, delivered byte for byte, and the
 * spool directory left empty after every request, also when the client gives up mid-upload.
 */
class UploadIT {
    private static final int TWENTY_MB = 20 * 1024 * 1024;

    @TempDir
    static Path spoolDir;
    @TempDir
    static Path files;

    private static FakeOpenAiUpstream upstream;
    private static RunningPrism prism;
    private static Path bigFile;
    private static String bigFileSha256;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeOpenAiUpstream.start();
        prism = RunningPrism.start(UpstreamConfig.yaml(upstream, 25, spoolDir));
        bigFile = files.resolve("big.wav");
        bigFileSha256 = writeWav(bigFile, TWENTY_MB);
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
    void spoolDirIsEmptyAfterEveryRequest() {
        Bounded.await("the spool directory is empty", () -> Bounded.isEmptyDirectory(spoolDir), Bounded.WAIT);
    }

    /** A WAV header followed by pseudo-random bytes; returns the file's SHA-256. */
    private static String writeWav(Path file, int size) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(7);
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] header = AudioBytes.wav(0);
            out.write(header);
            sha.update(header);
            byte[] block = new byte[64 * 1024];
            for (int written = header.length; written < size; written += block.length) {
                random.nextBytes(block);
                int n = Math.min(block.length, size - written);
                out.write(block, 0, n);
                sha.update(block, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void twentyMegabyteUploadReachesTheUpstreamByteForByte() throws Exception {
        Form form = Form.create().field("model", "whisper-1").streamedFile("big.wav", "audio/wav");
        long length = form.head().length + Files.size(bigFile) + form.tail().length;
        HttpRequest request = prism.request("/v1/audio/transcriptions", ADMIN_KEY)
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> form.stream(open(bigFile))), length))
                .build();

        HttpResponse<byte[]> response = prism.send(request);

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        MultipartForm.Part file = upstream.lastRequest().form().file().orElseThrow();
        assertThat(file.size()).isEqualTo(TWENTY_MB);
        assertThat(file.sha256()).isEqualTo(bigFileSha256);
        assertThat(file.filename()).isEqualTo("big.wav");
    }

    @Test
    void uploadWithoutContentLengthIsAccepted() throws Exception {
        Form form = Form.create().field("model", "whisper-1").field("response_format", "text")
                .streamedFile(null, null);
        HttpRequest request = prism.request("/v1/audio/transcriptions", ADMIN_KEY)
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> form.stream(open(bigFile))))
                .build();

        HttpResponse<byte[]> response = prism.send(request);

        assertThat(response.statusCode()).as(OpenAiErrors.body(response)).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(FakeOpenAiUpstream.TRANSCRIPT_TEXT + "\n");
        MultipartForm.Part file = upstream.lastRequest().form().file().orElseThrow();
        assertThat(file.sha256()).isEqualTo(bigFileSha256);
        assertThat(file.filename()).isEqualTo("audio.wav");
    }

    @Test
    void chunkedUploadOverTheLimitIsRefusedAndItsSpooledFileDeleted() {
        Form form = Form.create().field("model", "whisper-1").streamedFile("huge.wav", "audio/wav");
        HttpRequest request = prism.request("/v1/audio/transcriptions", ADMIN_KEY)
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> form.stream(new java.io.SequenceInputStream(
                        open(bigFile), new java.io.ByteArrayInputStream(new byte[6 * 1024 * 1024])))))
                .build();

        HttpResponse<byte[]> response = prism.send(request);

        assertThat(OpenAiErrors.assertError(response, 413).get("code").asText()).isEqualTo("file_too_large");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void clientThatAbortsMidUploadLeavesNothingBehindAndReachesNoUpstream() throws Exception {
        Form form = Form.create().field("model", "whisper-1").streamedFile("big.wav", "audio/wav");
        long length = form.head().length + Files.size(bigFile) + form.tail().length;
        try (Socket socket = new Socket("127.0.0.1", prism.port()); InputStream file = open(bigFile)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/audio/transcriptions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ADMIN_KEY
                    + "\r\nContent-Type: " + form.contentType() + "\r\nContent-Length: " + length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(form.head());
            out.write(file.readNBytes(4 * 1024 * 1024));
            out.flush();
            // Past 1 MiB the upload is on disk: the abort must delete it.
            Bounded.await("the upload is spooled to disk", () -> !Bounded.isEmptyDirectory(spoolDir), Bounded.WAIT);
        }

        Bounded.await("the spool directory is empty", () -> Bounded.isEmptyDirectory(spoolDir), Bounded.WAIT);
        assertThat(upstream.requestCount()).isZero();
        HttpResponse<byte[]> next = prism.get("/v1/models", ADMIN_KEY);
        assertThat(next.statusCode()).as("the server still serves").isEqualTo(200);
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
