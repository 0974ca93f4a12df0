package dev.prism.http.failover;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting in tests, always with a bound: a failure fails the test instead of hanging it. */
final class Await {
    static final Duration WAIT = Duration.ofSeconds(10);

    private Await() {}

    /** Polls {@code condition} every 10 ms until it holds, failing after {@code timeout}. */
    static void until(String what, BooleanSupplier condition, Duration timeout) {
        if (!holdsWithin(condition, timeout)) {
            throw new AssertionError("timed out after " + timeout + " waiting until " + what);
        }
    }

    /** Polls {@code condition} every 10 ms until it holds or {@code timeout} passed; whether it held. */
    static boolean holdsWithin(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return true;
    }

    /** Runs {@code call} on a virtual thread and waits for it at most {@code timeout}. */
    static <T> T within(Duration timeout, Callable<T> call) throws Exception {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<T> future = executor.submit(call);
            try {
                return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                throw new AssertionError("not done within " + timeout, e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        }
    }

    /** How long {@code call} took, with its result. */
    static <T> Timed<T> timed(Callable<T> call) throws Exception {
        long start = System.nanoTime();
        T result = call.call();
        return new Timed<>(result, Duration.ofNanos(System.nanoTime() - start));
    }

    record Timed<T>(T result, Duration elapsed) {}
}
