package dev.prism.core.record;

import dev.prism.api.ErrorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One upstream attempt of a call, on one target.
 *
 * @param provider the provider's name in the configuration
 * @param upstreamModel the model sent to the upstream
 * @param start when the attempt began
 * @param timeToFirstByte until the answer's first byte, when one came
 * @param latency until the attempt ended: its first byte (the answer then belongs to the client) or its failure
 * @param upstreamStatus the upstream's HTTP status, or 0 when it gave none (a timeout, a refused connection)
 * @param failure what went wrong, or empty when the attempt's answer went to the client
 */
public record Attempt(
        String provider,
        String upstreamModel,
        Instant start,
        Optional<Duration> timeToFirstByte,
        Duration latency,
        int upstreamStatus,
        Optional<ErrorKind> failure) {
    public Attempt {
        Objects.requireNonNull(provider, "provider is null");
        Objects.requireNonNull(upstreamModel, "upstreamModel is null");
        Objects.requireNonNull(start, "start is null");
        Objects.requireNonNull(timeToFirstByte, "timeToFirstByte is null");
        Objects.requireNonNull(latency, "latency is null");
        Objects.requireNonNull(failure, "failure is null");
    }

    /** An attempt whose answer started and went to the client. */
    public static Attempt answered(String provider, String upstreamModel, Instant start, Duration firstByte) {
        return new Attempt(provider, upstreamModel, start, Optional.of(firstByte), firstByte, 200, Optional.empty());
    }

    /** An attempt that failed before its answer started. */
    public static Attempt failed(String provider, String upstreamModel, Instant start, Duration latency, int upstreamStatus,
            ErrorKind kind) {
        return new Attempt(provider, upstreamModel, start, Optional.empty(), latency, upstreamStatus, Optional.of(kind));
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }
}
