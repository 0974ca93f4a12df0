package dev.prism.http.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.MultipartForm;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spooled upload is replayed to each target from the spool, not from the client: the fallback
 * receives the identical file, the client sends it once, and the spool is emptied afterwards.
 */
class UploadReplayIT {
    private static final int FILE_SIZE = 3 * 1024 * 1024;

    @TempDir
    static Path spoolDir;

    private static FakeOpenAiUpstream failing;
    private static FakeOpenAiUpstream backup;
    private static RunningGateway prism;

    @BeforeAll
    static void start() {
        failing = FakeOpenAiUpstream.start();
        backup = FakeOpenAiUpstream.start();
        prism = RunningGateway.start(FailoverConfig.create()
                .server("spool_dir: \"" + spoolDir + "\"")
                .provider("failing", failing, "retry: { max_attempts: 1 }")
                .provider("backup", backup, "retry: { max_attempts: 1 }")
                .alias("whisper-1", "targets: [ { provider: failing }, { provider: backup } ]")
                .yaml());
    }

    @AfterAll
    static void stop() {
        prism.close();
        failing.close();
        backup.close();
    }

    private static long filesIn(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void theFallbackReceivesTheIdenticalFileAndTheClientUploadsOnce() throws Exception {
        byte[] file = Multipart.wav(FILE_SIZE, 42);
        String sha256 = FakeOpenAiUpstream.sha256(file);
        Multipart form = Multipart.create().field("model", "whisper-1").field("response_format", "text")
                .file("lecture.wav", "audio/wav", file);
        failing.next("/audio/transcriptions", Answer.error(503, "Try again later"));
        AtomicInteger uploads = new AtomicInteger();

        HttpResponse<byte[]> response = prism.send(prism.request("/v1/audio/transcriptions")
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> {
                    uploads.incrementAndGet();
                    return new ByteArrayInputStream(form.bytes());
                })).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).as(RunningGateway.text(response)).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(FakeOpenAiUpstream.TRANSCRIPT_TEXT + "\n");
        assertThat(response.headers().firstValue("x-prism-provider")).hasValue("backup");
        assertThat(response.headers().firstValue("x-prism-attempts")).hasValue("2");
        assertThat(uploads).as("times the client sent the body").hasValue(1);
        MultipartForm.Part first = failing.lastRequest().form().file().orElseThrow();
        MultipartForm.Part second = backup.lastRequest().form().file().orElseThrow();
        assertThat(first.size()).isEqualTo(FILE_SIZE);
        assertThat(first.sha256()).as("the file the first target got").isEqualTo(sha256);
        assertThat(second.sha256()).as("the file the fallback got").isEqualTo(sha256);
        assertThat(second.filename()).isEqualTo("lecture.wav");
        assertThat(backup.lastRequest().form().field("response_format")).hasValue("text");
        Await.until("the spooled upload is deleted", () -> {
            try {
                return filesIn(spoolDir) == 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Await.WAIT);
    }
}
