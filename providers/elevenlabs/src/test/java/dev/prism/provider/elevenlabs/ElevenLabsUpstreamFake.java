package dev.prism.provider.elevenlabs;

import dev.prism.api.Operation;
import dev.prism.conformance.StreamedUpstreamStream;
import dev.prism.conformance.UpstreamFake;
import dev.prism.conformance.UpstreamStream;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeElevenLabsUpstream;
import dev.prism.testkit.StreamedBody;
import java.time.Duration;

/**
 * {@link FakeElevenLabsUpstream} for the conformance kit: ElevenLabs' {@code {"detail":{"status",
 * "message"}}} errors on the paths the provider calls, speech to {@link #VOICE_ID}'s {@code /stream}.
 */
final class ElevenLabsUpstreamFake implements UpstreamFake {
    /** The voice id the kit's voice {@code alloy} is configured as. */
    static final String VOICE_ID = "21m00Tcm4TlvDq8ikWAM";

    private final FakeElevenLabsUpstream upstream;

    private ElevenLabsUpstreamFake(FakeElevenLabsUpstream upstream) {
        this.upstream = upstream;
    }

    static ElevenLabsUpstreamFake start(String apiKey) {
        return new ElevenLabsUpstreamFake(FakeElevenLabsUpstream.start(apiKey));
    }

    @Override
    public String baseUrl() {
        return upstream.baseUrl();
    }

    /** ElevenLabs does not quote the key in either refusal. */
    @Override
    public void refuseCredentials(Operation operation, int status, String apiKey) {
        upstream.next(path(operation), status == 401
                ? FakeElevenLabsUpstream.error(401, "invalid_api_key", "Invalid API key")
                : FakeElevenLabsUpstream.error(403, "missing_permissions", "The API key you used is missing the "
                        + "permission " + (operation == Operation.SPEECH ? "text_to_speech" : "speech_to_text")
                        + " to execute this operation."));
    }

    @Override
    public void refuseModel(Operation operation) {
        upstream.next(path(operation), operation == Operation.SPEECH
                ? FakeElevenLabsUpstream.error(400, "model_not_found", "A model with model ID conformance-model does not exist.")
                : FakeElevenLabsUpstream.error(400, "invalid_model_id", "Model conformance-model is not a speech to text model."));
    }

    @Override
    public void rateLimit(Operation operation, Duration retryAfter) {
        Answer answer = FakeElevenLabsUpstream.error(429, "too_many_concurrent_requests", "Too many concurrent requests "
                + "for your subscription.");
        upstream.next(path(operation), retryAfter == null ? answer
                : answer.withHeader("retry-after", Long.toString(retryAfter.toSeconds())));
    }

    @Override
    public void fail(Operation operation, int status) {
        upstream.next(path(operation), FakeElevenLabsUpstream.error(status, "internal_server_error",
                "An internal server error occurred."));
    }

    @Override
    public void hang(Operation operation) {
        upstream.next(path(operation), Answer.hang());
    }

    @Override
    public UpstreamStream streamNextSpeech() {
        StreamedBody body = StreamedBody.create();
        upstream.next(path(Operation.SPEECH), Answer.streamed("audio/mpeg", body));
        return new StreamedUpstreamStream(body, n -> FakeElevenLabsUpstream.speechBytes("mp3_44100_128", "chunk " + n));
    }

    @Override
    public void close() {
        upstream.close();
    }

    private static String path(Operation operation) {
        return operation == Operation.SPEECH ? "/v1/text-to-speech/" + VOICE_ID + "/stream" : "/v1/speech-to-text";
    }
}
