package dev.prism.conformance;

import dev.prism.api.Operation;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.StreamedBody;
import java.time.Duration;
import java.util.Objects;

/**
 * The test kit's {@link FakeOpenAiUpstream} as an {@link UpstreamFake}: OpenAI's API, its error
 * envelopes ({@code invalid_api_key}, {@code model_not_found}, ...) and its raw speech streams,
 * under {@code /v1}. For any provider that speaks OpenAI's API.
 */
public final class OpenAiUpstreamFake implements UpstreamFake {
    private final FakeOpenAiUpstream upstream;

    private OpenAiUpstreamFake(FakeOpenAiUpstream upstream) {
        this.upstream = Objects.requireNonNull(upstream, "upstream is null");
    }

    /** Starts a fake on a free port of 127.0.0.1. */
    public static OpenAiUpstreamFake start() {
        return new OpenAiUpstreamFake(FakeOpenAiUpstream.start());
    }

    /** The fake underneath, to script more or read what it received. */
    public FakeOpenAiUpstream upstream() {
        return upstream;
    }

    @Override
    public String baseUrl() {
        return upstream.baseUrl();
    }

    @Override
    public void refuseCredentials(Operation operation, int status, String apiKey) {
        upstream.next(path(operation), status == 401 ? Answer.incorrectApiKey(apiKey)
                : Answer.error(status, "You are not allowed to use key " + Answer.maskedAsOpenAiDoes(apiKey)
                        + " in this project.", "permission_error", null, "insufficient_permissions"));
    }

    @Override
    public void refuseModel(Operation operation) {
        upstream.next(path(operation), Answer.error(404, "The model `conformance-model` does not exist or you do not "
                + "have access to it.", "invalid_request_error", "model", "model_not_found"));
    }

    @Override
    public void rateLimit(Operation operation, Duration retryAfter) {
        Answer answer = Answer.error(429, "Rate limit reached for requests", "requests", null, "rate_limit_exceeded");
        upstream.next(path(operation), retryAfter == null ? answer
                : answer.withHeader("Retry-After", Long.toString(retryAfter.toSeconds())));
    }

    @Override
    public void fail(Operation operation, int status) {
        upstream.next(path(operation), Answer.error(status, "The server had an error while processing your request."));
    }

    @Override
    public void hang(Operation operation) {
        upstream.next(path(operation), Answer.hang());
    }

    @Override
    public UpstreamStream streamNextSpeech() {
        StreamedBody body = StreamedBody.create();
        upstream.next(path(Operation.SPEECH), Answer.streamed("audio/mpeg", body));
        return new StreamedUpstreamStream(body, n -> FakeOpenAiUpstream.speechBytes("mp3", "chunk " + n));
    }

    @Override
    public void close() {
        upstream.close();
    }

    private static String path(Operation operation) {
        return switch (operation) {
            case SPEECH -> "/audio/speech";
            case TRANSCRIPTION -> "/audio/transcriptions";
            case TRANSLATION -> "/audio/translations";
            case IMAGE -> "/images/generations";
            case IMAGE_EDIT -> "/images/edits";
            case IMAGE_VARIATION -> "/images/variations";
        };
    }

    @Override
    public String toString() {
        return upstream.toString();
    }
}
