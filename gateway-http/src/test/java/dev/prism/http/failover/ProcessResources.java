package dev.prism.http.failover;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What this JVM holds, for leak checks: platform threads, all threads including virtual ones (from
 * a thread dump), open file descriptors and TCP connections (from {@code /proc}, Linux only).
 */
final class ProcessResources {
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final String ESTABLISHED = "01";

    private ProcessResources() {}

    static boolean hasProc() {
        return Files.isDirectory(FDS) && Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /** Live platform threads (virtual threads are not counted by the MXBean). */
    static int platformThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Threads with a stack trace, platform only too. */
    static int threadsWithStacks() {
        return Thread.getAllStackTraces().size();
    }

    /** Every thread of a JSON thread dump: platform threads and the virtual threads the JDK tracks. */
    static int threadsInDump() {
        try {
            Path dump = Files.createTempFile("prism-threads", ".json");
            Files.delete(dump);
            try {
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
                JsonNode containers = RunningGateway.JSON.readTree(dump.toFile()).path("threadDump").path("threadContainers");
                int threads = 0;
                for (JsonNode container : containers) {
                    threads += container.path("threads").size();
                }
                return threads;
            } finally {
                Files.deleteIfExists(dump);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int openFileDescriptors() {
        try (Stream<Path> fds = Files.list(FDS)) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Established TCP connections whose remote end is {@code port} on this host: clients of a local server. */
    static int connectionsTo(int port) {
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        int count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            try {
                List<String> lines = Files.readAllLines(path);
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    // f[1] local address:port, f[2] remote address:port, f[3] state
                    if (f.length > 3 && f[2].endsWith(":" + hexPort) && f[3].equals(ESTABLISHED)) {
                        count++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return count;
    }

    static long filesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
