package dev.prism.http.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thousand requests that fail on every target leave nothing behind: no spooled upload, no
 * thread, no file descriptor, no upstream connection beyond the few a pool keeps.
 */
class NoLeaksIT {
    private static final int REQUESTS = 1000;
    private static final int WARM_UP = 100;
    /** Over 1 MiB: every upload is spooled to disk. */
    private static final int FILE_SIZE = 1024 * 1024 + 4096;
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final int THREAD_TOLERANCE = 5;
    private static final int FD_TOLERANCE = 10;
    /** Keep-alive connections an idle pool may hold to the upstream. */
    private static final int POOLED_CONNECTIONS = 2;

    @TempDir
    static Path spoolDir;

    private static FakeOpenAiUpstream broken;
    private static RunningGateway prism;
    private static Multipart upload;

    @BeforeAll
    static void start() {
        broken = FakeOpenAiUpstream.start();
        broken.always("/audio/transcriptions", Answer.error(503, "Down"));
        broken.always("/audio/speech", Answer.error(503, "Down"));
        String settings = "retry: { max_attempts: 1, backoff: 1ms }";
        String noBreaker = "circuit_breaker: { failure_threshold: 1000000 }";
        prism = RunningGateway.start(FailoverConfig.create()
                .server("spool_dir: \"" + spoolDir + "\"")
                .deadline("30s")
                // A timeout (60 s) longer than the deadline: every attempt's timeout is cut short by it.
                .provider("broken", broken, "timeout: 60s", settings, noBreaker)
                .provider("nowhere", ClosedPort.baseUrl(), settings, noBreaker)
                // A timeout within the deadline: attempts keep it, and reuse connections.
                .provider("broken-quick", broken, "timeout: 5s", settings, noBreaker)
                .alias("whisper-1", "targets: [ { provider: broken }, { provider: nowhere } ]")
                .alias("tts-1", "targets: [ { provider: broken-quick } ]")
                .yaml());
        upload = Multipart.create().field("model", "whisper-1").file("a.wav", "audio/wav", Multipart.wav(FILE_SIZE, 7));
    }

    @AfterAll
    static void stop() {
        prism.close();
        broken.close();
    }

    private static void failingUploads(int n) {
        HttpRequest request = prism.request("/v1/audio/transcriptions").header("Content-Type", upload.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload.bytes())).build();
        for (int i = 0; i < n; i++) {
            HttpResponse<byte[]> response = prism.send(request, HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(RunningGateway.text(response)).isEqualTo(502);
            if (i % 100 == 99) {
                broken.forgetRequests(); // the fake keeps every body it received
            }
        }
        broken.forgetRequests();
    }

    private record Snapshot(int platformThreads, int threadsWithStacks, int allThreads, int fds, int upstreamConnections) {
        static Snapshot take() {
            return new Snapshot(ProcessResources.platformThreads(), ProcessResources.threadsWithStacks(),
                    ProcessResources.threadsInDump(), ProcessResources.openFileDescriptors(),
                    ProcessResources.connectionsTo(broken.port()));
        }
    }

    private static void awaitQuiet() {
        Await.until("the upstream has answered every request", () -> broken.activeExchanges() == 0, SETTLE);
        Await.until("the spool directory is empty", () -> ProcessResources.filesIn(spoolDir) == 0, SETTLE);
    }

    @Test
    void aThousandFailingUploadsLeaveNoSpooledFileThreadDescriptorOrConnectionBehind() {
        assumeTrue(ProcessResources.hasProc(), "needs /proc (Linux) to count descriptors and connections");
        failingUploads(WARM_UP);
        awaitQuiet();
        Snapshot before = Snapshot.take();

        long start = System.nanoTime();
        failingUploads(REQUESTS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        awaitQuiet();
        assertThat(ProcessResources.filesIn(spoolDir)).as("files left in the spool directory").isZero();
        // Descriptors and threads may lag a little behind the last answer: wait, with a bound, for them to settle.
        AtomicReference<Snapshot> settled = new AtomicReference<>();
        Await.holdsWithin(() -> {
            Snapshot now = Snapshot.take();
            settled.set(now);
            return now.platformThreads() <= before.platformThreads() + THREAD_TOLERANCE
                    && now.allThreads() <= before.allThreads() + THREAD_TOLERANCE
                    && now.fds() <= before.fds() + FD_TOLERANCE
                    && now.upstreamConnections() <= POOLED_CONNECTIONS;
        }, SETTLE);
        System.out.printf("no leaks: %d failing uploads of %d bytes in %d ms; before %s; after %s; upstream "
                + "connections seen %d%n", REQUESTS, FILE_SIZE, took.toMillis(), before, settled.get(),
                broken.connectionsSeen());
        Snapshot after = settled.get();
        assertThat(after.platformThreads()).as("platform threads (before %d, tolerance %d)",
                before.platformThreads(), THREAD_TOLERANCE).isLessThanOrEqualTo(before.platformThreads() + THREAD_TOLERANCE);
        assertThat(after.threadsWithStacks()).as("threads with stacks (before %d, tolerance %d)",
                before.threadsWithStacks(), THREAD_TOLERANCE).isLessThanOrEqualTo(before.threadsWithStacks() + THREAD_TOLERANCE);
        assertThat(after.allThreads()).as("platform and virtual threads (before %d, tolerance %d)",
                before.allThreads(), THREAD_TOLERANCE).isLessThanOrEqualTo(before.allThreads() + THREAD_TOLERANCE);
        assertThat(after.fds()).as("open file descriptors (before %d, tolerance %d)", before.fds(), FD_TOLERANCE)
                .isLessThanOrEqualTo(before.fds() + FD_TOLERANCE);
        assertThat(after.upstreamConnections()).as("connections open to the upstream (an idle pool keeps at most %d)",
                POOLED_CONNECTIONS).isLessThanOrEqualTo(POOLED_CONNECTIONS);
        assertThat(broken.activeExchanges()).isZero();
    }

    @Test
    void attemptsWithTheProvidersOwnTimeoutReuseTheirConnection() {
        int before = broken.connectionsSeen();

        for (int i = 0; i < 100; i++) {
            assertThat(prism.speech("tts-1", "Again " + i).statusCode()).isEqualTo(502);
        }

        assertThat(broken.connectionsSeen() - before).as("new connections for 100 requests in a row")
                .isLessThanOrEqualTo(POOLED_CONNECTIONS);
    }
}
