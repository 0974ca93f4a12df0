package dev.prism.conformance;

import dev.prism.api.Operation;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * A fake of a provider's upstream, on a real socket, that the conformance checks script: each
 * method makes the <em>next</em> call of an operation get one kind of answer. Unscripted calls get
 * a successful answer in the shape the request asked for (its format, its streaming).
 *
 * <p>An author adapts the fake they already have (a JDK {@code HttpServer}, WireMock, ...); the
 * kit's {@link OpenAiUpstreamFake} adapts the test kit's {@code FakeOpenAiUpstream}. A scenario
 * the upstream cannot produce keeps its default, which skips the checks that need it.
 */
public interface UpstreamFake extends AutoCloseable {
    /** Where the provider reaches the fake, for its configuration: {@code http://127.0.0.1:PORT/...}. */
    String baseUrl();

    /**
     * The next call of {@code operation} is refused for its credentials, with {@code status} (401 or
     * 403), the way the upstream says so; if the upstream quotes the key in its message (OpenAI
     * quotes a masked fragment), the fake does too, so the check can see it does not leak.
     *
     * @param apiKey the key the provider was configured with
     */
    void refuseCredentials(Operation operation, int status, String apiKey);

    /** The next call of {@code operation} is answered the way the upstream says it does not know the model asked for. */
    default void refuseModel(Operation operation) {
        Assumptions.abort("the fake upstream cannot say that it does not know a model");
    }

    /**
     * The next call of {@code operation} is rate limited (HTTP 429), with a {@code Retry-After} of
     * {@code retryAfter} (whole seconds) when it is not null.
     */
    void rateLimit(Operation operation, Duration retryAfter);

    /** The next call of {@code operation} fails on the upstream's side with {@code status} (5xx). */
    void fail(Operation operation, int status);

    /** The next call of {@code operation} is never answered: no status line, no byte. */
    void hang(Operation operation);

    /**
     * The next speech call is answered with a stream of audio the check sends part by part; the
     * answer's status and headers go out at once.
     */
    default UpstreamStream streamNextSpeech() {
        Assumptions.abort("the fake upstream cannot stream speech");
        throw new AssertionError("unreachable");
    }

    /** Stops the fake and drops its connections. */
    @Override
    void close();
}
