package dev.prism.provider.azure;

import dev.prism.api.Usage;
import dev.prism.spi.UsageReport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A host's usage report that keeps what a provider reported, in order. */
final class RecordingUsageReport implements UsageReport {
    private final List<Usage> reports = new CopyOnWriteArrayList<>();

    @Override
    public void report(Usage usage) {
        reports.add(usage);
    }

    List<Usage> reports() {
        return List.copyOf(reports);
    }
}
