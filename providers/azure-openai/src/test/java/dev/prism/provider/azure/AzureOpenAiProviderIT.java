package dev.prism.provider.azure;

import dev.prism.conformance.JdkHttpTransport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.AudioFormat;
import dev.prism.api.ErrorKind;
import dev.prism.api.FormField;
import dev.prism.api.ImageEditRequest;
import dev.prism.api.ImageRequest;
import dev.prism.api.MediaResponse;
import dev.prism.api.Secret;
import dev.prism.api.SpeechRequest;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.api.Voice;
import dev.prism.spi.CallContext;
import dev.prism.spi.ProviderException;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeAzureOpenAi;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.InMemoryUpload;
import dev.prism.testkit.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the azure-openai provider sends to an Azure resource, and what it makes of the answers. */
class AzureOpenAiProviderIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String KEY = "azure-resource-key-0123456789abcdef";

    private final FakeAzureOpenAi azure = FakeAzureOpenAi.start(KEY, Set.of("my-tts", "my-whisper", "my-dalle"));
    private final JdkHttpTransport http = new JdkHttpTransport();
    private final RecordingUsageReport usage = new RecordingUsageReport();

    @AfterEach
    void stop() {
        http.close();
        azure.close();
    }

    @Test
    void speechGoesToTheDeploymentWithTheApiVersionAndKeyAndNoModelInTheBody() throws IOException {
        try (MediaResponse answer = provider(KEY).synthesize(speech(), call("my-tts"))) {
            assertThat(answer.contentType()).isEqualTo("audio/mpeg");
            assertThat(answer.body().readAllBytes()).isEqualTo(FakeOpenAiUpstream.speechBytes("mp3", "Hello there"));
        }

        RecordedRequest sent = azure.lastRequest();
        assertThat(sent.path()).isEqualTo("/openai/deployments/my-tts/audio/speech");
        assertThat(sent.query()).isEqualTo("api-version=2025-04-01-preview");
        assertThat(sent.header("api-key")).contains(KEY);
        assertThat(sent.header("authorization")).isEmpty();
        assertThat(sent.json()).isEqualTo(Map.of("input", "Hello there", "voice", "alloy", "response_format", "mp3"));
    }

    @Test
    void anEditGoesToTheDeploymentWithItsImagesAndMaskAndNoModelInTheForm() throws IOException {
        InMemoryUpload first = new InMemoryUpload("a.png", "image/png", "PNG first".getBytes(StandardCharsets.UTF_8));
        InMemoryUpload second = new InMemoryUpload("b.png", "image/png", "PNG second".getBytes(StandardCharsets.UTF_8));
        InMemoryUpload mask = new InMemoryUpload("m.png", "image/png", "PNG mask".getBytes(StandardCharsets.UTF_8));
        ImageEditRequest request = ImageEditRequest.builder("gpt-image-1", "A hat", List.of(first, second)).mask(mask)
                .fields(List.of(new FormField("model", "gpt-image-1"), new FormField("prompt", "A hat"),
                        new FormField("quality", "high")))
                .build();

        try (MediaResponse answer = provider(KEY).edit(request, call("my-dalle"))) {
            assertThat(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8))
                    .contains(FakeOpenAiUpstream.PNG_BASE64).doesNotContain("content_filter_results");
        }

        RecordedRequest sent = azure.lastRequest();
        assertThat(sent.path()).isEqualTo("/openai/deployments/my-dalle/images/edits");
        assertThat(sent.form().fieldNames()).containsExactly("prompt", "quality");
        assertThat(sent.form().parts("image[]")).extracting(part -> part.text()).containsExactly("PNG first", "PNG second");
        assertThat(sent.form().parts("mask")).singleElement().satisfies(part -> assertThat(part.text()).isEqualTo("PNG mask"));
    }

    @Test
    void transcriptionSendsTheFormAsTheOpenAiProviderDoesWithoutTheModel() throws IOException {
        TranscriptionRequest request = new TranscriptionRequest("whisper-1", audio(), null, null, TranscriptFormat.JSON,
                null, List.of(), false, List.of(new FormField("model", "whisper-1"), new FormField("response_format",
                        "json"), new FormField("timestamp_granularities[]", "word")));

        try (MediaResponse answer = provider(KEY).transcribe(request, call("my-whisper"))) {
            assertThat(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"text\":\"" + FakeOpenAiUpstream.TRANSCRIPT_TEXT + "\"}");
        }

        RecordedRequest sent = azure.lastRequest();
        assertThat(sent.path()).isEqualTo("/openai/deployments/my-whisper/audio/transcriptions");
        assertThat(sent.form().fieldNames()).containsExactly("response_format", "timestamp_granularities[]");
        assertThat(sent.form().file().orElseThrow().bytes()).isEqualTo(audio().bytes());
    }

    @Test
    void translationGoesToItsOperation() throws IOException {
        TranslationRequest request = new TranslationRequest("whisper-1", audio(), null, TranscriptFormat.TEXT, null,
                List.of(new FormField("response_format", "text")));

        try (MediaResponse answer = provider(KEY).translate(request, call("my-whisper"))) {
            assertThat(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(FakeOpenAiUpstream.TRANSLATION_TEXT + "\n");
        }
        assertThat(azure.lastRequest().path()).isEqualTo("/openai/deployments/my-whisper/audio/translations");
    }

    @Test
    void imagesLoseAzuresFilterAnnotationsAndKeepEverythingElse() throws IOException {
        String body;
        try (MediaResponse answer = provider(KEY).generate(image(), call("my-dalle"))) {
            body = new String(answer.body().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(body).doesNotContain("filter_results");
        JsonNode json = new ObjectMapper().readTree(body);
        assertThat(json.get("created").intValue()).isEqualTo(1_698_342_300);
        assertThat(json.get("data").get(0).fieldNames()).toIterable().containsExactly("url", "revised_prompt");
        assertThat(azure.lastRequest().bodyText()).isEqualTo("{\"prompt\":\"a cat\",\"n\":1,\"size\":\"1024x1024\"}");
    }

    @Test
    void annotationsAreStrippedAtAnyDepthAndNumbersKeptExactly() throws IOException {
        azure.next("my-whisper", "audio/transcriptions", Answer.json(200, "{\"text\":\"Hi.\",\"prompt_filter_results\":"
                + "[{\"prompt_index\":0,\"content_filter_results\":{}}],\"duration\":2.50,"
                + "\"usage\":{\"type\":\"duration\",\"seconds\":3},\"content_filter_results\":{\"hate\":{\"filtered\":false}}}"));
        TranscriptionRequest request = new TranscriptionRequest("whisper-1", audio(), null, null, TranscriptFormat.JSON,
                null, List.of(), false, List.of(new FormField("response_format", "json")));

        try (MediaResponse answer = provider(KEY).transcribe(request, call("my-whisper"))) {
            assertThat(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"text\":\"Hi.\",\"duration\":2.50,\"usage\":{\"type\":\"duration\",\"seconds\":3}}");
        }
        assertThat(usage.reports()).hasSize(1);
    }

    @Test
    void aWrongKeyIsUpstreamAuthAndNeverQuoted() {
        assertThatThrownBy(() -> provider("wrong-key-" + KEY).synthesize(speech(), call("my-tts")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_AUTH);
                    assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain("Access denied");
                });
    }

    @Test
    void anUnknownDeploymentIsUpstreamConfig() {
        assertThatThrownBy(() -> provider(KEY).synthesize(speech(), call("no-such-deployment")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_CONFIG));
    }

    @Test
    void anApiVersionTheResourceDoesNotServeIsUpstreamConfig() {
        AzureOpenAiProvider provider = new AzureOpenAiProvider("azure", new AzureEndpoint("azure",
                URI.create(azure.endpoint()), Secret.of(KEY), "1999-01-01", http));

        assertThatThrownBy(() -> provider.synthesize(speech(), call("my-tts")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_CONFIG);
                    assertThat(e.getMessage()).contains("1999-01-01");
                });
    }

    @Test
    void aRateLimitIsRateLimitedWithTheRetryAfter() {
        azure.next("my-dalle", "images/generations", FakeAzureOpenAi.rateLimited(7));

        assertThatThrownBy(() -> provider(KEY).generate(image(), call("my-dalle")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                });
    }

    @Test
    void retryAfterMsWinsOverRetryAfter() {
        azure.next("my-dalle", "images/generations", FakeAzureOpenAi.rateLimited(7).withHeader("retry-after-ms", "1500"));

        assertThatThrownBy(() -> provider(KEY).generate(image(), call("my-dalle")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofMillis(1500)));
    }

    @Test
    void aFilteredPromptIsTheClientsBadRequestWithAzuresMessage() {
        azure.next("my-dalle", "images/generations", FakeAzureOpenAi.promptFiltered());

        assertThatThrownBy(() -> provider(KEY).generate(image(), call("my-dalle")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_REJECTED);
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("content_policy_violation");
                    assertThat(e.getMessage()).startsWith("Your request was rejected as a result of our safety system.");
                });
    }

    @Test
    void aServerErrorIsUpstreamFailed() {
        azure.next("my-tts", "audio/speech", FakeAzureOpenAi.azureError(503, "ServiceUnavailable", "Busy"));

        assertThatThrownBy(() -> provider(KEY).synthesize(speech(), call("my-tts")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_FAILED));
    }

    private AzureOpenAiProvider provider(String key) {
        return new AzureOpenAiProvider("azure", new AzureEndpoint("azure", URI.create(azure.endpoint()), Secret.of(key),
                AzureOpenAiProviderFactory.DEFAULT_API_VERSION, http));
    }

    private CallContext call(String deployment) {
        return new CallContext("req-1", deployment, TIMEOUT, TIMEOUT, usage);
    }

    private static InMemoryUpload audio() {
        return new InMemoryUpload("hello.wav", "audio/wav", new byte[] {'R', 'I', 'F', 'F', 0, 0, 0, 0});
    }

    private static SpeechRequest speech() {
        return new SpeechRequest("tts-1", "Hello there", Voice.named("alloy"), AudioFormat.MP3, 1.0, null, false,
                false, Map.of());
    }

    private static ImageRequest image() {
        return new ImageRequest("dall-e-3", "a cat", 1, "1024x1024", null, null, null, null, null, null, null, null,
                false, null, Map.of());
    }
}
