package dev.prism.http;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Bounds how many API requests are served at once ({@code server.max_in_flight}). Each one may hold
 * megabytes of form fields on the heap and an upload on disk, so a burst beyond the bound is refused
 * at once with 503 {@code server_is_overloaded} and {@code retry-after}, its body unread, instead of
 * piling up until the heap or the disk runs out. A request counts until its route returns, which is
 * when its response, streamed or not, has been written whole.
 */
final class RequestsInFlight {
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Semaphore permits;
    private final int max;

    RequestsInFlight(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        this.permits = new Semaphore(max);
        this.max = max;
    }

    /** The API requests being served now: for the {@code prism_requests_in_flight} gauge. */
    int count() {
        return max - permits.availablePermits();
    }

    /**
     * Waits, at most {@code bound}, until no request is being served: at shutdown, once the server
     * stopped taking requests, so that every request's record completes (its ledger row, its access
     * log line) before what they write to is closed.
     *
     * @return whether none is left
     */
    boolean awaitIdle(Duration bound) {
        try {
            if (permits.tryAcquire(max, bound.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                permits.release(max);
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    GuardedHandlers.Route counted(GuardedHandlers.Route route) {
        return (req, res, requestId) -> {
            if (!permits.tryAcquire()) {
                throw overloaded();
            }
            try {
                route.handle(req, res, requestId);
            } finally {
                permits.release();
            }
        };
    }

    private static GatewayException overloaded() {
        return new GatewayException(ErrorKind.UNAVAILABLE, ErrorKind.UNAVAILABLE.httpStatus(),
                "The server is overloaded: too many requests are in progress. Please retry after a moment.", null,
                "server_is_overloaded", RETRY_AFTER, null);
    }
}
