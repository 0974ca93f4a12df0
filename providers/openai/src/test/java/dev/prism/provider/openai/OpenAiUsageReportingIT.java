package dev.prism.provider.openai;

import dev.prism.conformance.JdkHttpTransport;
import static dev.prism.api.UsageUnit.AUDIO_SECONDS;
import static dev.prism.api.UsageUnit.INPUT_AUDIO_TOKENS;
import static dev.prism.api.UsageUnit.INPUT_IMAGE_TOKENS;
import static dev.prism.api.UsageUnit.INPUT_TEXT_TOKENS;
import static dev.prism.api.UsageUnit.INPUT_TOKENS;
import static dev.prism.api.UsageUnit.OUTPUT_AUDIO_TOKENS;
import static dev.prism.api.UsageUnit.OUTPUT_IMAGE_TOKENS;
import static dev.prism.api.UsageUnit.OUTPUT_TEXT_TOKENS;
import static dev.prism.api.UsageUnit.OUTPUT_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.prism.api.Usage;
import dev.prism.api.Voice;
import dev.prism.spi.CallContext;
import dev.prism.spi.ProviderException;
import dev.prism.testkit.Answer;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.InMemoryUpload;
import dev.prism.testkit.StreamedBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The usage OpenAI reports in each of its answers reaches the call's report, the answer unchanged. */
class OpenAiUsageReportingIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
    private final JdkHttpTransport http = new JdkHttpTransport();
    private final OpenAiProvider provider = new OpenAiProvider("openai", new OpenAiEndpoint("openai",
            URI.create(upstream.baseUrl()), Secret.of("sk-test"), null, null, Map.of(), http));
    private final RecordingUsageReport usage = new RecordingUsageReport();

    @AfterEach
    void stop() {
        http.close();
        upstream.close();
    }

    @Test
    void aTranscriptsTokensAreReportedBeforeItsBodyIsRead() throws IOException {
        String transcript = "{\"text\":\"Hi.\",\"usage\":{\"type\":\"tokens\",\"input_tokens\":14,"
                + "\"input_token_details\":{\"text_tokens\":4,\"audio_tokens\":10},\"output_tokens\":5,\"total_tokens\":19}}";
        upstream.next("/audio/transcriptions", Answer.json(200, transcript));

        try (MediaResponse answer = transcribe("gpt-4o-transcribe", "json", false)) {
            // Read whole before it is handed back, so the host can put the usage in the headers.
            assertThat(usage.reports()).containsExactly(Usage.of(INPUT_TOKENS, 14).with(INPUT_TEXT_TOKENS, 4)
                    .with(INPUT_AUDIO_TOKENS, 10).with(OUTPUT_TOKENS, 5).with(OUTPUT_TEXT_TOKENS, 5));
            assertThat(answer.contentLength()).isEqualTo(transcript.length());
            assertThat(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(transcript);
        }
    }

    @Test
    void whisperDurationIsReportedAsAudioSeconds() throws IOException {
        try (MediaResponse answer = transcribe("whisper-1", "verbose_json", false)) {
            assertThat(usage.reports()).containsExactly(Usage.of(AUDIO_SECONDS, 3));
            assertThat(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8))
                    .contains(FakeOpenAiUpstream.TRANSCRIPT_TEXT);
        }
    }

    @Test
    void aTranslationsDurationIsReported() throws IOException {
        TranslationRequest request = new TranslationRequest("whisper-1", audio(), null, TranscriptFormat.JSON, null,
                List.of(new FormField("response_format", "json")));

        try (MediaResponse answer = provider.translate(request, call("whisper-1"))) {
            answer.body().readAllBytes();
        }

        assertThat(usage.reports()).containsExactly(Usage.of(AUDIO_SECONDS, 3));
    }

    @Test
    void transcriptEventsReportTheDoneEventsUsageAsItPasses() throws IOException {
        try (MediaResponse answer = transcribe("gpt-4o-transcribe", "json", true)) {
            assertThat(usage.reports()).isEmpty();
            String events = new String(answer.body().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(events).contains("transcript.text.done");
        }

        assertThat(usage.reports()).containsExactly(Usage.of(INPUT_TOKENS, 20).with(OUTPUT_TOKENS, 10)
                .with(OUTPUT_TEXT_TOKENS, 10));
    }

    @Test
    void whisperAnsweringAStreamRequestWithJsonIsReadAsJson() throws IOException {
        try (MediaResponse answer = transcribe("whisper-1", "json", true)) {
            assertThat(answer.contentType()).isEqualTo("application/json");
            assertThat(usage.reports()).containsExactly(Usage.of(AUDIO_SECONDS, 3));
        }
    }

    @Test
    void speechEventsReportOnceAtTheDoneEventAndPassEveryByteUnchanged() throws IOException, InterruptedException {
        StreamedBody events = StreamedBody.create();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        String audio = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=".repeat(8);
        for (int i = 0; i < 1000; i++) {
            send(events, sent, "data: {\"type\":\"speech.audio.delta\",\"audio\":\"" + audio + "\"}\n\n");
        }
        send(events, sent, "data: {\"type\":\"speech.audio.done\",\"usage\":{\"input_tokens\":14,\"output_tokens\":101,"
                + "\"total_tokens\":115}}\n\n");
        upstream.next("/audio/speech", Answer.streamed("text/event-stream", events));

        try (MediaResponse answer = provider.synthesize(speech(true), call("gpt-4o-mini-tts"))) {
            byte[] received = answer.body().readNBytes(sent.size());

            assertThat(received).isEqualTo(sent.toByteArray());
            assertThat(events.ended()).isFalse();
            assertThat(usage.reports()).containsExactly(Usage.of(INPUT_TOKENS, 14).with(INPUT_TEXT_TOKENS, 14)
                    .with(OUTPUT_TOKENS, 101).with(OUTPUT_AUDIO_TOKENS, 101));

            events.end();
            assertThat(answer.body().read()).isEqualTo(-1);
        }
        assertThat(usage.reports()).hasSize(1);
    }

    @Test
    void rawSpeechAudioReportsNothing() throws IOException {
        try (MediaResponse answer = provider.synthesize(speech(false), call("gpt-4o-mini-tts"))) {
            assertThat(answer.body().readAllBytes()).isEqualTo(FakeOpenAiUpstream.speechBytes("mp3", "Hello there"));
        }

        assertThat(usage.reports()).isEmpty();
    }

    @Test
    void aGptImageAnswerReportsItsTokens() throws IOException {
        try (MediaResponse answer = provider.generate(image(false), call("gpt-image-1"))) {
            assertThat(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8))
                    .contains(FakeOpenAiUpstream.PNG_BASE64);
        }

        assertThat(usage.reports()).containsExactly(Usage.of(INPUT_TOKENS, 10).with(INPUT_TEXT_TOKENS, 10)
                .with(INPUT_IMAGE_TOKENS, 0).with(OUTPUT_TOKENS, 100).with(OUTPUT_IMAGE_TOKENS, 100));
    }

    @Test
    void imageEventsReportTheCompletedEvent() throws IOException {
        try (MediaResponse answer = provider.generate(image(true), call("gpt-image-1"))) {
            answer.body().readAllBytes();
        }

        assertThat(usage.reports()).containsExactly(Usage.of(INPUT_TOKENS, 10).with(OUTPUT_TOKENS, 100)
                .with(OUTPUT_IMAGE_TOKENS, 100));
    }

    @Test
    void aStreamedEditReportsTheImagesItWasSentAsImageTokensFromTheCompletedEvent() throws IOException {
        ImageEditRequest edit = ImageEditRequest.builder("gpt-image-1", "a hat", List.of(
                new dev.prism.testkit.InMemoryUpload("a.png", "image/png", new byte[] {1}),
                new dev.prism.testkit.InMemoryUpload("b.png", "image/png", new byte[] {2})))
                .stream(true).partialImages(1)
                .fields(List.of(new FormField("prompt", "a hat"), new FormField("stream", "true"),
                        new FormField("partial_images", "1")))
                .build();

        try (MediaResponse answer = provider.edit(edit, call("gpt-image-1"))) {
            assertThat(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("event: image_edit.partial_image", "event: image_edit.completed");
        }

        assertThat(usage.reports()).containsExactly(Usage.of(INPUT_TOKENS, 110).with(INPUT_TEXT_TOKENS, 10)
                .with(INPUT_IMAGE_TOKENS, 100).with(OUTPUT_TOKENS, 100).with(OUTPUT_IMAGE_TOKENS, 100));
    }

    @Test
    void aLargeImagesAnswerStreamsAndReportsItsUsageAsSoonAsItPasses() throws IOException, InterruptedException {
        String image = "iVBORw0KGgoAAAANSUhEUgAA".repeat(64 * 1024); // 1.5 MiB of base64 per image
        String firstImage = "{\"created\":1,\"data\":[{\"b64_json\":\"" + image + "\"},";
        String secondImageAndUsage = "{\"b64_json\":\"" + image + "\"}],\"usage\":{\"input_tokens\":50,"
                + "\"output_tokens\":8000,\"total_tokens\":8050,\"input_tokens_details\":{\"text_tokens\":50,"
                + "\"image_tokens\":0},\"output_tokens_details\":{\"image_tokens\":8000}}";
        StreamedBody body = StreamedBody.create().send(firstImage);
        upstream.next("/images/generations", Answer.streamed("application/json", body));

        try (MediaResponse answer = provider.generate(image(false), call("gpt-image-1"))) {
            InputStream in = answer.body();
            assertThat(new String(in.readNBytes(firstImage.length()), StandardCharsets.US_ASCII)).isEqualTo(firstImage);
            assertThat(body.chunksWritten()).isEqualTo(1);
            assertThat(usage.reports()).isEmpty();

            body.send(secondImageAndUsage);
            assertThat(new String(in.readNBytes(secondImageAndUsage.length()), StandardCharsets.US_ASCII))
                    .isEqualTo(secondImageAndUsage);
            assertThat(body.ended()).isFalse();
            assertThat(usage.reports()).containsExactly(Usage.of(INPUT_TOKENS, 50).with(INPUT_TEXT_TOKENS, 50)
                    .with(INPUT_IMAGE_TOKENS, 0).with(OUTPUT_TOKENS, 8000).with(OUTPUT_IMAGE_TOKENS, 8000));

            body.send("}").end();
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("}");
        }
        assertThat(usage.reports()).hasSize(1);
    }

    @Test
    void aLargeImagesAnswerOfKnownLengthIsNotHeldWhole() throws IOException {
        String answerJson = "{\"data\":[{\"b64_json\":\"" + "QUJD".repeat(768 * 1024) + "\"}],"
                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":100}}";
        upstream.next("/images/generations", Answer.json(200, answerJson));

        try (MediaResponse answer = provider.generate(image(false), call("gpt-image-1"))) {
            assertThat(answer.contentLength()).isEqualTo(answerJson.length());
            assertThat(usage.reports()).as("nothing read yet").isEmpty();
            assertThat(new String(answer.body().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(answerJson);
        }

        assertThat(usage.reports()).containsExactly(Usage.of(INPUT_TOKENS, 10).with(OUTPUT_TOKENS, 100)
                .with(OUTPUT_IMAGE_TOKENS, 100));
    }

    @Test
    void usageThatCannotBeReadIsIgnoredAndTheAnswerPassesUnchanged() throws IOException {
        List<String> answers = List.of("{\"text\":\"Hi.\",\"usage\":{\"type\":\"tokens\",\"input_tokens\":\"many\"}}",
                "{\"text\":\"Hi.\",\"usage\":{\"type\":\"tokens\",\"input_tokens\":14",
                "<html>Bad gateway</html>",
                "");
        List<String> received = new ArrayList<>();
        for (String body : answers) {
            upstream.next("/audio/transcriptions", Answer.json(200, body));
            try (MediaResponse answer = transcribe("gpt-4o-transcribe", "json", false)) {
                received.add(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8));
            }
        }

        assertThat(received).isEqualTo(answers);
        assertThat(usage.reports()).isEmpty();
    }

    @Test
    void aFinalEventWithUsageThatCannotBeReadPassesUnchanged() throws IOException {
        List<String> payloads = List.of("{\"type\":\"speech.audio.delta\",\"audio\":\"AAAA\"}",
                "{\"type\":\"speech.audio.done\",\"usage\":{\"input_tokens\":-14}}", "[DONE]");
        upstream.next("/audio/speech", Answer.events(payloads));

        try (MediaResponse answer = provider.synthesize(speech(true), call("gpt-4o-mini-tts"))) {
            assertThat(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(String.join("", payloads.stream().map(p -> "data: " + p + "\n\n").toList()));
        }

        assertThat(usage.reports()).isEmpty();
    }

    @Test
    void aSmallJsonAnswerCutOffFailsTheAttemptBeforeTheClientSeesIt() {
        byte[] half = "{\"text\":\"The quick".getBytes(StandardCharsets.UTF_8);
        upstream.next("/audio/transcriptions", Answer.brokenOffAfter("application/json", half, 200));

        assertThatThrownBy(() -> transcribe("gpt-4o-transcribe", "json", false))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_FAILED));
    }

    private CallContext call(String upstreamModel) {
        return new CallContext("req-1", upstreamModel, TIMEOUT, TIMEOUT, usage);
    }

    private MediaResponse transcribe(String model, String format, boolean stream) {
        return provider.transcribe(transcription(model, format, stream), call(model));
    }

    private static void send(StreamedBody body, ByteArrayOutputStream sent, String chunk) {
        byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
        body.send(bytes);
        sent.writeBytes(bytes);
    }

    private static InMemoryUpload audio() {
        return new InMemoryUpload("hello.wav", "audio/wav", new byte[] {'R', 'I', 'F', 'F', 0, 0, 0, 0});
    }

    private static TranscriptionRequest transcription(String model, String format, boolean stream) {
        List<FormField> fields = new ArrayList<>(List.of(new FormField("model", model),
                new FormField("response_format", format)));
        if (stream) {
            fields.add(new FormField("stream", "true"));
        }
        return new TranscriptionRequest(model, audio(), null, null, TranscriptFormat.fromWireName(format).orElseThrow(),
                null, List.of(), stream, fields);
    }

    private static SpeechRequest speech(boolean sse) {
        return new SpeechRequest("gpt-4o-mini-tts", "Hello there", Voice.named("alloy"), AudioFormat.MP3, 1.0, null, sse,
                false, Map.of());
    }

    private static ImageRequest image(boolean stream) {
        return new ImageRequest("gpt-image-1", "a cat", 1, null, null, null, null, null, null, null, null, null, stream,
                stream ? 2 : null, Map.of());
    }
}
