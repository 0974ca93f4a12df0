package dev.prism.core.cache;

import com.google.common.base.Suppliers;
import dev.prism.core.BackgroundStart;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A store opened once it is first needed: by the gateway as soon as it listens, or by a call that
 * comes before, which then waits for the opening. Opening the embedded cache in memory takes a few
 * hundred milliseconds of one core and cannot fail for want of anything outside the process, so the
 * gateway listens first. An opening that fails is tried again by the next call, and each failed call
 * is an outage to the guard around the store ({@code cache.on_unavailable}).
 */
final class OpeningAnswerStore implements AnswerStore, BackgroundStart {
    private static final System.Logger LOG = System.getLogger(OpeningAnswerStore.class.getName());

    /** Guava's memoizing supplier: one opening at a time, kept once it succeeds, tried again after a failure. */
    private final Supplier<AnswerStore> store;

    OpeningAnswerStore(Supplier<AnswerStore> open) {
        this.store = Suppliers.memoize(open::get);
    }

    @Override
    public void run() {
        try {
            store.get();
        } catch (RuntimeException e) {
            // The calls see it too, through the guard; here it is said once, when it happens.
            LOG.log(System.Logger.Level.WARNING, "The response cache could not be opened: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] get(String key) {
        return store.get().get(key);
    }

    @Override
    public void put(String key, byte[] entry, Duration ttl) {
        store.get().put(key, entry, ttl);
    }

    @Override
    public void remove(String key) {
        store.get().remove(key);
    }
}
