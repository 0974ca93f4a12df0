package dev.prism.http;

import static dev.prism.http.UpstreamConfig.ADMIN_KEY;
import static dev.prism.http.UpstreamConfig.UPSTREAM_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prism.testkit.Answer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Neither the client's key nor the upstream's appears in anything Prism logs, even when calls fail. */
class SecretsStayOutOfLogsIT extends AgainstFakeUpstream {
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLoggerName() != null && record.getLoggerName().startsWith("com.sun.net.httpserver")) {
                return; // The fake upstream's own server: it is handed the upstream key by design.
            }
            StringWriter text = new StringWriter();
            text.append(record.getLoggerName()).append(' ').append(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    text.append(' ').append(String.valueOf(parameter));
                }
            }
            if (record.getThrown() != null) {
                record.getThrown().printStackTrace(new PrintWriter(text));
            }
            logged.add(text.toString());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level previousLevel;

    @BeforeEach
    void captureEverything() {
        Logger root = Logger.getLogger("");
        previousLevel = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger root = Logger.getLogger("");
        root.removeHandler(capture);
        root.setLevel(previousLevel);
    }

    @Test
    void failingCallsLogNoKeys() {
        upstream.always("/audio/speech", Answer.error(500, "upstream exploded"));
        prism.postJson("/v1/audio/speech", ADMIN_KEY, "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\"}");
        upstream.always("/audio/speech", Answer.hang());
        prism.postJson("/v1/audio/speech", ADMIN_KEY, "{\"model\":\"hang-tts\",\"input\":\"Hi\",\"voice\":\"alloy\"}");
        upstream.always("/audio/speech", Answer.brokenOffAfter("audio/mpeg", new byte[] {1, 2, 3}, 1000));
        assertThatThrownBy(() -> prism.postJson("/v1/audio/speech", ADMIN_KEY,
                "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\"}"))
                .as("a body cut short reaches the client as a failed read").isInstanceOf(java.io.UncheckedIOException.class);
        prism.postJson("/v1/audio/speech", "sk-wrong-but-secret-key", "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\"}");

        assertThat(logged).as("something was logged at all").isNotEmpty();
        assertThat(logged).noneMatch(line -> line.contains(UPSTREAM_SECRET))
                .noneMatch(line -> line.contains(ADMIN_KEY))
                .noneMatch(line -> line.contains("sk-wrong-but-secret-key"));
    }
}
