package dev.prism.conformance;

import dev.prism.api.Usage;
import dev.prism.spi.UsageReport;

/** Merges what a provider reports, a later report of a unit replacing an earlier one, as the host does. */
final class RecordingUsageReport implements UsageReport {
    private Usage merged = Usage.NONE;

    @Override
    public synchronized void report(Usage usage) {
        merged = merged.overriddenBy(usage);
    }

    synchronized Usage merged() {
        return merged;
    }
}
