package dev.prism.http.feature;

import dev.prism.core.record.CallListener;
import dev.prism.core.record.CompletedCall;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What {@link TallyFeature} wires: hears every completed call, under its configured label. */
public final class Tally implements CallListener {
    private final String label;
    private final BlockingQueue<CompletedCall> heard = new LinkedBlockingQueue<>();

    Tally(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public void completed(CompletedCall call) {
        heard.add(call);
    }

    /** The next call heard, waiting up to {@code bound}; null when none came. */
    public CompletedCall next(Duration bound) throws InterruptedException {
        return heard.poll(bound.toMillis(), TimeUnit.MILLISECONDS);
    }
}
