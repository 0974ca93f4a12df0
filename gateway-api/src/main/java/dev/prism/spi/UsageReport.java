package dev.prism.spi;

import dev.prism.api.Usage;

/**
 * Where a provider reports what the upstream said a call used, as the answer passes (OpenAI's
 * {@code usage} object, a final server-sent event, a response header). The host merges reports
 * into the call's record; a later report of a unit replaces an earlier one.
 *
 * <p>May be called from the thread that reads the answer's body, after the provider's method has
 * returned; implementations are thread-safe. A provider never buffers an audio stream to find
 * its usage.
 */
@FunctionalInterface
public interface UsageReport {
    /** Ignores every report: for calls nobody records (tests, tools). */
    UsageReport IGNORED = usage -> { };

    void report(Usage usage);
}
