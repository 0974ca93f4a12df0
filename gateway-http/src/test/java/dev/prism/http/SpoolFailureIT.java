package dev.prism.http;

import static dev.prism.http.UpstreamConfig.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prism.core.config.ConfigException;
import dev.prism.testkit.FakeOpenAiUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When Prism cannot write an upload to its spool directory, the client is told the server failed
 * (503 {@code server_error}, {@code retry-after}), not that its body ended; the operator reads why
 * in an ERROR line; and a spool directory others could tamper with stops Prism at startup.
 */
class SpoolFailureIT {
    private static final byte[] TWO_MB_WAV = AudioBytes.wav(1024 * 1024);

    @TempDir
    Path tmp;

    private FakeOpenAiUpstream upstream;
    private final List<LogRecord> errors = new CopyOnWriteArrayList<>();
    private final Logger spoolerLog = Logger.getLogger("dev.prism.core.upload.UploadSpooler");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void start() {
        upstream = FakeOpenAiUpstream.start();
        spoolerLog.addHandler(capture);
    }

    @AfterEach
    void stop() {
        spoolerLog.removeHandler(capture);
        upstream.close();
    }

    @Test
    void uploadThatCannotBeSpooledIsA503ServerErrorWithRetryAfterAndAnErrorLogLine() throws Exception {
        Path spoolDir = tmp.resolve("spool");
        try (RunningPrism prism = RunningPrism.start(UpstreamConfig.yaml(upstream, 25, spoolDir))) {
            // The directory turns into a file while Prism runs: no upload can be written there any more.
            Files.delete(spoolDir);
            Files.writeString(spoolDir, "in the way");

            HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", ADMIN_KEY,
                    Form.create().field("model", "whisper-1").file("big.wav", "audio/wav", TWO_MB_WAV));

            JsonNode error = OpenAiErrors.assertError(response, 503);
            assertThat(error.get("type").asText()).isEqualTo("server_error");
            assertThat(error.get("message").asText()).contains("could not store the uploaded file")
                    .doesNotContain(spoolDir.toString());
            assertThat(response.headers().firstValue("retry-after")).hasValue("10");
            assertThat(upstream.requestCount()).isZero();
            assertThat(errors).singleElement().satisfies(record -> assertThat(
                    java.text.MessageFormat.format(record.getMessage(), record.getParameters()))
                    .contains("Could not spool an upload in " + spoolDir).contains("Not a directory"));

            // Once the directory is back, uploads are spooled again.
            Files.delete(spoolDir);
            Files.createDirectory(spoolDir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            HttpResponse<byte[]> next = prism.postForm("/v1/audio/transcriptions", ADMIN_KEY,
                    Form.create().field("model", "whisper-1").file("big.wav", "audio/wav", TWO_MB_WAV));
            assertThat(next.statusCode()).as(OpenAiErrors.body(next)).isEqualTo(200);
        }
    }

    @Test
    void spoolDirectoryOthersCanWriteStopsPrismAtStartupNamingTheSetting() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

        Throwable failure = catchThrowable(() -> RunningPrism.start(UpstreamConfig.yaml(upstream, 25, shared)).close());

        assertThat(failure).isNotNull();
        assertThat(configErrorIn(failure)).hasMessageStartingWith("server.spool_dir: " + shared + " is writable by other users");
    }

    private static ConfigException configErrorIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigException c) {
                return c;
            }
            if (t instanceof com.google.inject.CreationException creation) {
                for (var message : creation.getErrorMessages()) {
                    if (message.getCause() instanceof ConfigException c) {
                        return c;
                    }
                }
            }
        }
        throw new AssertionError("no configuration error in " + failure, failure);
    }
}
