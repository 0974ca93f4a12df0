package dev.prism.http;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where start-up went, phase by phase, logged at FINE ({@code prism run --debug}): each phase's wall
 * time and the process's CPU time at the end, so a slow start can be read without a profiler, on a
 * busy machine too (CPU time hardly moves with the load, wall time does). See docs/performance.md.
 */
final class StartupTimeline {
    /** Set by the launcher as it starts: bash's {@code EPOCHREALTIME}. */
    static final String LAUNCHED_AT = "PRISM_LAUNCHED_AT";
    private static final System.Logger LOG = System.getLogger(StartupTimeline.class.getName());
    private static final Pattern EPOCH_REALTIME = Pattern.compile("(\\d{1,12})[.,](\\d{1,9})");
    /** A launcher start further back than this is not this process's. */
    private static final Duration PLAUSIBLE = Duration.ofMinutes(10);

    private final List<String> phases = new ArrayList<>();
    private long lastNanos = System.nanoTime();

    /** Ends the phase that began at the last mark (or at creation). */
    void mark(String phase) {
        long now = System.nanoTime();
        phases.add(String.format(Locale.ROOT, "%s %d ms", phase, (now - lastNanos) / 1_000_000));
        lastNanos = now;
    }

    /** Logs the phases, after the launcher's and the JVM's share (when the launcher said when it started). */
    void log(Instant firstPhaseBegan) {
        if (!LOG.isLoggable(System.Logger.Level.DEBUG)) {
            return;
        }
        String beforeMain = launched(System.getenv(LAUNCHED_AT))
                .map(start -> "launcher and JVM " + Duration.between(start, firstPhaseBegan).toMillis() + " ms, ")
                .orElse("");
        String cpu = ProcessHandle.current().info().totalCpuDuration()
                .map(d -> "; process CPU so far " + d.toMillis() + " ms").orElse("");
        LOG.log(System.Logger.Level.DEBUG, "start-up: " + beforeMain + String.join(", ", phases) + cpu);
    }

    /**
     * How long start-up took: from the launcher's start when it said (so the JVM's own start counts,
     * as an operator waits for it), else from {@code startedNanos}.
     */
    static Duration since(long startedNanos) {
        Instant now = Instant.now();
        return launched(System.getenv(LAUNCHED_AT)).map(start -> Duration.between(start, now))
                .orElseGet(() -> Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    /**
     * The launcher's start, from bash's {@code EPOCHREALTIME} ({@code 1764412345.123456}; a comma in
     * some locales). Nothing when unset, unreadable or implausible (a value inherited from another run).
     */
    static Optional<Instant> launched(String epochRealtime) {
        if (epochRealtime == null) {
            return Optional.empty();
        }
        Matcher m = EPOCH_REALTIME.matcher(epochRealtime.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        Instant start = Instant.ofEpochSecond(Long.parseLong(m.group(1)), Long.parseLong((m.group(2) + "000000000").substring(0, 9)));
        Duration ago = Duration.between(start, Instant.now());
        return ago.isNegative() || ago.compareTo(PLAUSIBLE) > 0 ? Optional.empty() : Optional.of(start);
    }
}
