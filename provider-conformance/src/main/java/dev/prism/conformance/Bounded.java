package dev.prism.conformance;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a step that may block on the network with a bound, so a provider that hangs fails a check instead of the build. */
final class Bounded {
    private Bounded() {}

    /** The step's result; its exception as thrown; an {@link AssertionError} when it took longer than {@code limit}. */
    static <T> T within(Duration limit, String what, Callable<T> step) throws IOException {
        FutureTask<T> task = new FutureTask<>(step);
        Thread thread = Thread.ofVirtual().name("conformance-step").start(task);
        try {
            return task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new AssertionError(what + " took longer than " + limit.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while " + what, e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }
}
