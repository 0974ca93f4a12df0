package dev.prism.provider.deepgram;

import dev.prism.api.Operation;
import dev.prism.conformance.StreamedUpstreamStream;
import dev.prism.conformance.UpstreamFake;
import dev.prism.conformance.UpstreamStream;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeDeepgram;
import dev.prism.testkit.FakeDeepgram.Failure;
import dev.prism.testkit.StreamedBody;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * {@link FakeDeepgram} for the conformance kit: Deepgram's {@code {err_code, err_msg}} errors, and
 * Aura speech that streams as Deepgram's REST {@code /v1/speak} does (chunked, no length).
 */
final class DeepgramUpstreamFake implements UpstreamFake {
    private final FakeDeepgram upstream;

    private DeepgramUpstreamFake(FakeDeepgram upstream) {
        this.upstream = upstream;
    }

    static DeepgramUpstreamFake start(String apiKey) {
        return new DeepgramUpstreamFake(FakeDeepgram.start(apiKey));
    }

    @Override
    public String baseUrl() {
        return upstream.baseUrl();
    }

    /** Deepgram does not quote the key in either refusal. */
    @Override
    public void refuseCredentials(Operation operation, int status, String apiKey) {
        upstream.failNext(status == 401 ? Failure.of(401, "INVALID_AUTH", "Invalid credentials.")
                : Failure.of(403, "INSUFFICIENT_PERMISSIONS", "Project does not have access to the requested model."));
    }

    @Override
    public void refuseModel(Operation operation) {
        upstream.failNext(operation == Operation.SPEECH
                ? Failure.of(400, "INVALID_MODEL", "The requested model was not found.")
                : Failure.of(400, "Bad Request", "No such model/language/tier combination found."));
    }

    @Override
    public void rateLimit(Operation operation, Duration retryAfter) {
        upstream.failNext(new Failure(429, "TOO_MANY_REQUESTS", "Too many requests. Please try again later.",
                retryAfter == null ? Map.of() : Map.of("retry-after", Long.toString(retryAfter.toSeconds()))));
    }

    @Override
    public void fail(Operation operation, int status) {
        upstream.failNext(Failure.of(status, "INTERNAL_SERVER_ERROR", "The server encountered an error."));
    }

    @Override
    public void hang(Operation operation) {
        upstream.next(Answer.hang());
    }

    @Override
    public UpstreamStream streamNextSpeech() {
        StreamedBody body = StreamedBody.create();
        upstream.next(Answer.streamed("audio/mpeg", body));
        return new StreamedUpstreamStream(body, n -> ("aura mp3 chunk " + n).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        upstream.close();
    }
}
