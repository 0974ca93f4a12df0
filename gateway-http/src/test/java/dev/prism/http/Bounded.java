package dev.prism.http;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Waiting in tests, always with a bound: a failure fails the test instead of hanging it. */
final class Bounded {
    static final Duration WAIT = Duration.ofSeconds(10);

    private Bounded() {}

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

    /** Reads exactly {@code n} bytes, or fails after {@link #WAIT}. */
    static byte[] read(InputStream in, int n) throws Exception {
        return within(WAIT, () -> {
            byte[] bytes = in.readNBytes(n);
            if (bytes.length < n) {
                throw new AssertionError("the stream ended after " + bytes.length + " of " + n + " bytes");
            }
            return bytes;
        });
    }

    /** Reads to the end, or fails after {@link #WAIT}. */
    static byte[] readAll(InputStream in) throws Exception {
        return within(WAIT, in::readAllBytes);
    }

    /** Polls a condition until it holds, failing after {@code timeout}. */
    static void await(String what, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    static boolean isEmptyDirectory(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
