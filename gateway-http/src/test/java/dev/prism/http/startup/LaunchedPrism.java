package dev.prism.http.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real launcher, {@code ./prism run ...}, as an operator starts it: a child process whose exit
 * status, standard output and standard error a test reads. It runs the classes of this build
 * ({@code PRISM_CLASSPATH}), so the launcher never builds inside a test.
 */
final class LaunchedPrism implements AutoCloseable {
    /** Start-up on a loaded 2-core machine can take seconds; a bound only against hanging. */
    static final Duration START_BOUND = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("Prism listening on http://[^:]+:(\\d+)");

    private final Process process;
    private final Lines out;
    private final Lines err;

    private LaunchedPrism(Process process) {
        this.process = process;
        this.out = new Lines(process.getInputStream());
        this.err = new Lines(process.getErrorStream());
    }

    /** Starts {@code ./prism run ARGS} with a clean environment plus {@code environment}. */
    static LaunchedPrism start(Map<String, String> environment, String... args) {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> command = new ArrayList<>(List.of(root.resolve("prism").toString(), "run"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("PRISM_") || k.startsWith("OPENAI_"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PRISM_CLASSPATH", System.getProperty("java.class.path"));
        env.putAll(environment);
        try {
            return new LaunchedPrism(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the process to end by itself and returns its exit status. */
    int exitStatus() throws InterruptedException {
        if (!process.waitFor(START_BOUND.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("prism did not exit within " + START_BOUND + "; stderr so far:\n" + err.text());
        }
        out.join();
        err.join();
        return process.exitValue();
    }

    /** Waits for the banner and returns the port it names. */
    int awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + START_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(err.text());
            if (m.find()) {
                // The banner's lines follow the first one; wait for the last of them.
                if (err.text().contains("  stop:")) {
                    return Integer.parseInt(m.group(1));
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("prism exited with " + process.exitValue() + ":\n" + err.text());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no banner within " + START_BOUND + "; stderr:\n" + err.text());
    }

    /** Asks the process to stop as Ctrl-C or SIGTERM does, and returns its exit status. */
    int terminate() throws InterruptedException {
        process.destroy();
        return exitStatus();
    }

    String stdout() {
        return out.text();
    }

    String stderr() {
        return err.text();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** A stream read to its end on a thread of its own, so the child never blocks on a full pipe. */
    private static final class Lines {
        private final StringBuilder text = new StringBuilder();
        private final Thread reader;

        Lines(InputStream in) {
            reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        synchronized (text) {
                            text.append(line).append('\n');
                        }
                    }
                } catch (IOException ignored) {
                    // The process ended.
                }
            });
        }

        String text() {
            synchronized (text) {
                return text.toString();
            }
        }

        void join() throws InterruptedException {
            reader.join(Duration.ofSeconds(10));
        }
    }
}
