package dev.prism.provider.stability;

import dev.prism.api.Operation;
import dev.prism.conformance.UpstreamFake;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeStability;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * {@link FakeStability} for the conformance kit: errors in Stability's envelope
 * {@code {"id","name","errors":["field: message"]}} on the endpoint the calls go to. Stability
 * sends no {@code Retry-After} with its 429 (it times a client out for 60 s), so the check of an
 * upstream's {@code Retry-After} is skipped rather than faked.
 */
final class StabilityUpstreamFake implements UpstreamFake {
    private final FakeStability upstream;
    private final String path;

    private StabilityUpstreamFake(FakeStability upstream, String path) {
        this.upstream = upstream;
        this.path = path;
    }

    /** A fake whose scripted answers go to {@code path}, the endpoint of the model the calls ask for. */
    static StabilityUpstreamFake start(String apiKey, String path) {
        return new StabilityUpstreamFake(FakeStability.start(apiKey), path);
    }

    @Override
    public String baseUrl() {
        return upstream.baseUrl();
    }

    /** Stability quotes the header it refused by name only, never the key. */
    @Override
    public void refuseCredentials(Operation operation, int status, String apiKey) {
        upstream.next(path, status == 401
                ? FakeStability.error(401, "unauthorized", "authorization: invalid or missing header value")
                : FakeStability.error(403, "forbidden", "authorization: this key may not use this endpoint"));
    }

    /** A target naming no Stability endpoint gets Stability's 404. */
    @Override
    public void refuseModel(Operation operation) {
        upstream.next(path, FakeStability.error(404, "not_found", "path: not found"));
    }

    @Override
    public void rateLimit(Operation operation, Duration retryAfter) {
        Assumptions.assumeTrue(retryAfter == null, "Stability sends no Retry-After with its 429");
        upstream.next(path, FakeStability.error(429, "rate_limit_exceeded",
                "You have exceeded the rate limit of 150 requests within a 10 second period, and have been timed out"
                        + " for 60 seconds."));
    }

    @Override
    public void fail(Operation operation, int status) {
        upstream.next(path, FakeStability.error(status, "internal_error",
                "An unexpected server error has occurred, please try again later."));
    }

    @Override
    public void hang(Operation operation) {
        upstream.next(path, Answer.hang());
    }

    @Override
    public void close() {
        upstream.close();
    }
}
