package dev.prism.core.record;

import dev.prism.api.ErrorKind;
import dev.prism.api.Operation;
import dev.prism.api.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything known about a call once it is over: what a ledger, a limiter, telemetry and the
 * access log read, instead of parsing headers or bodies. Immutable.
 *
 * @param callId Prism's own id of the call, made when it began and never reused: the ledger's key
 * @param requestId the id the client saw in {@code x-request-id}: the client's own when it sent one, so not unique
 * @param keyName the virtual key's name, when the key was recognised (never the key itself)
 * @param endpoint the operation, when the route is a media endpoint
 * @param alias the model alias the client asked for, when the request was read that far
 * @param units what Prism measured before calling an upstream
 * @param attempts every upstream attempt, in order; none for a cache hit or a refused request
 * @param cache what the cache did
 * @param provider the provider whose answer went to the client (for a hit: the one that made the entry)
 * @param upstreamModel the upstream model that made the answer
 * @param usage the final usage: what the upstream reported, over what Prism measured
 * @param status the HTTP status the client got; 499 when the client went away before the end
 * @param error what went wrong, when something did (also after a 200 whose stream broke off)
 * @param bytesIn the request body's size
 * @param bytesOut the answer body bytes written to the client
 * @param refusingLimit the rate limit that refused the call, when one of Prism's own did
 */
public record CompletedCall(
        String callId,
        String requestId,
        Optional<String> keyName,
        Optional<Operation> endpoint,
        Optional<String> alias,
        MediaUnits units,
        List<Attempt> attempts,
        CacheStatus cache,
        Optional<String> provider,
        Optional<String> upstreamModel,
        Usage usage,
        int status,
        Optional<ErrorKind> error,
        long bytesIn,
        long bytesOut,
        Instant started,
        Instant completed,
        Optional<RefusingLimit> refusingLimit) {
    /** The status for a client that went away before its answer was complete (nginx's convention). */
    public static final int CLIENT_CLOSED = 499;

    public CompletedCall {
        Objects.requireNonNull(callId, "callId is null");
        Objects.requireNonNull(requestId, "requestId is null");
        attempts = List.copyOf(attempts);
        Objects.requireNonNull(refusingLimit, "refusingLimit is null");
    }

    /** A call no rate limit refused, for tools and tests that build one by hand. */
    public CompletedCall(String callId, String requestId, Optional<String> keyName, Optional<Operation> endpoint,
            Optional<String> alias, MediaUnits units, List<Attempt> attempts, CacheStatus cache, Optional<String> provider,
            Optional<String> upstreamModel, Usage usage, int status, Optional<ErrorKind> error, long bytesIn, long bytesOut,
            Instant started, Instant completed) {
        this(callId, requestId, keyName, endpoint, alias, units, attempts, cache, provider, upstreamModel, usage, status,
                error, bytesIn, bytesOut, started, completed, Optional.empty());
    }

    /** A call with a fresh call id, for tools and tests that build one by hand. */
    public CompletedCall(String requestId, Optional<String> keyName, Optional<Operation> endpoint, Optional<String> alias,
            MediaUnits units, List<Attempt> attempts, CacheStatus cache, Optional<String> provider,
            Optional<String> upstreamModel, Usage usage, int status, Optional<ErrorKind> error, long bytesIn, long bytesOut,
            Instant started, Instant completed) {
        this(CallIds.next(started), requestId, keyName, endpoint, alias, units, attempts, cache, provider, upstreamModel,
                usage, status, error, bytesIn, bytesOut, started, completed, Optional.empty());
    }

    public Duration duration() {
        return Duration.between(started, completed);
    }
}
