package dev.prism.provider.azure;

import dev.prism.api.Operation;
import dev.prism.conformance.StreamedUpstreamStream;
import dev.prism.conformance.UpstreamFake;
import dev.prism.conformance.UpstreamStream;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeAzureOpenAi;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.StreamedBody;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link FakeAzureOpenAi} for the conformance kit: Azure's {@code {"error":{"code","message"}}}
 * errors, scripted on the deployment the kit asks for in each operation.
 */
final class AzureUpstreamFake implements UpstreamFake {
    private final FakeAzureOpenAi upstream;
    private final Function<Operation, String> deployment;

    private AzureUpstreamFake(FakeAzureOpenAi upstream, Function<Operation, String> deployment) {
        this.upstream = upstream;
        this.deployment = deployment;
    }

    /** A resource taking {@code key}, with a deployment for each operation as {@code deployment} names it. */
    static AzureUpstreamFake start(String key, Function<Operation, String> deployment) {
        Set<String> deployments = new HashSet<>();
        for (Operation operation : Operation.values()) {
            deployments.add(deployment.apply(operation));
        }
        return new AzureUpstreamFake(FakeAzureOpenAi.start(key, deployments), deployment);
    }

    @Override
    public String baseUrl() {
        return upstream.endpoint();
    }

    /** Azure does not quote the key in either refusal. */
    @Override
    public void refuseCredentials(Operation operation, int status, String apiKey) {
        next(operation, status == 401 ? FakeAzureOpenAi.accessDenied()
                : FakeAzureOpenAi.azureError(403, "PermissionDenied", "Principal does not have access to API/Operation."));
    }

    @Override
    public void refuseModel(Operation operation) {
        next(operation, FakeAzureOpenAi.deploymentNotFound());
    }

    @Override
    public void rateLimit(Operation operation, Duration retryAfter) {
        next(operation, retryAfter == null
                ? FakeAzureOpenAi.azureError(429, "429", "Requests to the deployment have exceeded call rate limit of "
                        + "your current OpenAI S0 pricing tier.")
                : FakeAzureOpenAi.rateLimited((int) retryAfter.toSeconds()));
    }

    @Override
    public void fail(Operation operation, int status) {
        next(operation, FakeAzureOpenAi.azureError(status, "InternalServerError", "The service is temporarily unable "
                + "to process your request. Please try again later."));
    }

    @Override
    public void hang(Operation operation) {
        next(operation, Answer.hang());
    }

    @Override
    public UpstreamStream streamNextSpeech() {
        StreamedBody body = StreamedBody.create();
        next(Operation.SPEECH, Answer.streamed("audio/mpeg", body));
        return new StreamedUpstreamStream(body, n -> FakeOpenAiUpstream.speechBytes("mp3", "chunk " + n));
    }

    @Override
    public void close() {
        upstream.close();
    }

    private void next(Operation operation, Answer answer) {
        String path = switch (operation) {
            case SPEECH -> "audio/speech";
            case TRANSCRIPTION -> "audio/transcriptions";
            case TRANSLATION -> "audio/translations";
            case IMAGE -> "images/generations";
            case IMAGE_EDIT -> "images/edits";
            case IMAGE_VARIATION -> "images/variations";
        };
        upstream.next(deployment.apply(operation), path, answer);
    }
}
