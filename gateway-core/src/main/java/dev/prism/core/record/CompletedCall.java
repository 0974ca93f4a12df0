package dev.prism.core.record;

import dev.prism.api.ErrorKind;
import dev.prism.api.Operation;
import dev.prism.api.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything known about a call once it is over: what a ledger, a limiter, telemetry and the
 * access log read, instead of parsing headers or bodies. Immutable.
 *
 * @param requestId the id the client saw in {@code x-request-id}
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
 */
public record CompletedCall(
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
        Instant completed) {
    /** The status for a client that went away before its answer was complete (nginx's convention). */
    public static final int CLIENT_CLOSED = 499;

    public CompletedCall {
        attempts = List.copyOf(attempts);
    }

    public Duration duration() {
        return Duration.between(started, completed);
    }
}
