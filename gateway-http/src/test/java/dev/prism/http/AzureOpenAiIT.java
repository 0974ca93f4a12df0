package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.testkit.FakeAzureOpenAi;
import dev.prism.testkit.FakeOpenAiUpstream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Prism in front of Azure OpenAI resources: OpenAI's API to the client, Azure's behind. */
class AzureOpenAiIT {
    private static final String CLIENT_KEY = "sk-azure-it-client";
    private static final String AZURE_KEY = "azure-it-resource-key-5f0c2a9e";
    private static final String OTHER_AZURE_KEY = "azure-it-second-resource-key-77d1";

    private final FakeAzureOpenAi azure = FakeAzureOpenAi.start(AZURE_KEY, Set.of("tts-1", "whisper-1", "my-dalle"));
    private final FakeAzureOpenAi second = FakeAzureOpenAi.start(OTHER_AZURE_KEY, Set.of("tts-eu"));
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLoggerName() != null && record.getLoggerName().startsWith("com.sun.net.httpserver")) {
                return; // The fake's own server: it is handed the key by design.
            }
            StringWriter text = new StringWriter().append(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    text.append(' ').append(String.valueOf(parameter));
                }
            }
            if (record.getThrown() != null) {
                record.getThrown().printStackTrace(new PrintWriter(text));
            }
            logged.add(text.toString());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level previousLevel;
    private RunningPrism prism;

    @BeforeEach
    void start() {
        Logger root = Logger.getLogger("");
        previousLevel = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(capture);
        prism = RunningPrism.start("""
                server: { host: 127.0.0.1, port: 0 }
                providers:
                  azure:
                    type: azure-openai
                    base_url: %s
                    api_key: %s
                    api_version: 2025-04-01-preview
                    retry: { max_attempts: 1 }
                  azure-eu:
                    type: azure-openai
                    base_url: %s
                    api_key: %s
                    retry: { max_attempts: 1 }
                models:
                  tts-1: { targets: [ { provider: azure, model: tts-1 } ] }
                  whisper-1: { targets: [ { provider: azure, model: whisper-1 } ] }
                  dall-e-3: { targets: [ { provider: azure, model: my-dalle } ] }
                  tts-failover:
                    targets: [ { provider: azure, model: deleted-deployment }, { provider: azure-eu, model: tts-eu } ]
                pricing:
                  azure:
                    my-dalle:
                      per_image: { standard: { 1024x1024: 0.04 } }
                      image_defaults: { size: 1024x1024, quality: standard }
                keys:
                  - { name: client, key: %s }
                """.formatted(azure.endpoint(), AZURE_KEY, second.endpoint(), OTHER_AZURE_KEY, CLIENT_KEY));
    }

    @AfterEach
    void stop() {
        prism.close();
        azure.close();
        second.close();
        Logger root = Logger.getLogger("");
        root.removeHandler(capture);
        root.setLevel(previousLevel);
    }

    @Test
    void speechComesBackAsOpenAiSendsItAndIsPricedByItsDeploymentNamedAfterTheModel() {
        HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", CLIENT_KEY,
                "{\"model\":\"tts-1\",\"input\":\"Hello Azure\",\"voice\":\"alloy\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("audio/mpeg");
        assertThat(response.body()).isEqualTo(FakeOpenAiUpstream.speechBytes("mp3", "Hello Azure"));
        assertThat(response.headers().firstValue("x-prism-provider")).contains("azure");
        assertThat(response.headers().firstValue("x-prism-cost")).isPresent();
        assertThat(azure.lastRequest().path()).isEqualTo("/openai/deployments/tts-1/audio/speech");
        assertThat(azure.lastRequest().query()).isEqualTo("api-version=2025-04-01-preview");
        assertThat(azure.lastRequest().header("api-key")).contains(AZURE_KEY);
    }

    @Test
    void aTranscriptComesBackAsOpenAiSendsIt() {
        HttpResponse<byte[]> response = prism.postForm("/v1/audio/transcriptions", CLIENT_KEY, Form.create()
                .field("model", "whisper-1").field("response_format", "json")
                .file("hello.wav", "audio/wav", AudioBytes.wav(16000)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"text\":\"" + FakeOpenAiUpstream.TRANSCRIPT_TEXT + "\"}");
        assertThat(azure.lastRequest().path()).isEqualTo("/openai/deployments/whisper-1/audio/transcriptions");
        assertThat(azure.lastRequest().form().field("model")).isEmpty();
    }

    @Test
    void anEditGoesToTheDeploymentAndAVariationWhichAzureHasNotIsA400NamingTheModel() {
        HttpResponse<byte[]> edit = prism.postForm("/v1/images/edits", CLIENT_KEY, Form.create()
                .field("model", "dall-e-3").field("prompt", "a red roof")
                .filePart("image[]", "a.png", "image/png", ImageEditsIT.png(1, 100))
                .filePart("image[]", "b.png", "image/png", ImageEditsIT.png(2, 100)));
        HttpResponse<byte[]> variation = prism.postForm("/v1/images/variations", CLIENT_KEY, Form.create()
                .field("model", "dall-e-3").filePart("image", "a.png", "image/png", ImageEditsIT.png(3, 100)));

        assertThat(edit.statusCode()).as(OpenAiErrors.body(edit)).isEqualTo(200);
        assertThat(new String(edit.body(), StandardCharsets.UTF_8)).doesNotContain("content_filter_results");
        assertThat(azure.lastRequest().path()).isEqualTo("/openai/deployments/my-dalle/images/edits");
        assertThat(azure.lastRequest().form().parts("image[]")).hasSize(2);
        assertThat(azure.lastRequest().form().field("model")).isEmpty();
        JsonNode error = OpenAiErrors.assertError(variation, 400);
        assertThat(error.get("param").asText()).isEqualTo("model");
        assertThat(azure.requests()).hasSize(1);
    }

    @Test
    void imagesLoseAzuresContentFilterAnnotationsAndTheDeploymentIsPricedByTheConfiguration() throws IOException {
        HttpResponse<byte[]> response = prism.postJson("/v1/images/generations", CLIENT_KEY,
                "{\"model\":\"dall-e-3\",\"prompt\":\"a lighthouse\",\"size\":\"1024x1024\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(body).doesNotContain("content_filter_results").doesNotContain("prompt_filter_results");
        JsonNode image = new ObjectMapper().readTree(body).get("data").get(0);
        assertThat(image.get("url").asText()).startsWith("https://dalletipusw2.blob.core.windows.net/");
        assertThat(image.get("revised_prompt").asText()).isEqualTo("A revised a lighthouse");
        assertThat(response.headers().firstValue("x-prism-cost")).contains("0.04");
        assertThat(azure.lastRequest().path()).isEqualTo("/openai/deployments/my-dalle/images/generations");
    }

    @Test
    void aDeploymentThatIsGoneFailsOverToTheNextTarget() {
        HttpResponse<byte[]> response = prism.postJson("/v1/audio/speech", CLIENT_KEY,
                "{\"model\":\"tts-failover\",\"input\":\"Hi\",\"voice\":\"alloy\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-prism-provider")).contains("azure-eu");
        assertThat(response.headers().firstValue("x-prism-attempts")).contains("2");
        assertThat(azure.lastRequest().path()).isEqualTo("/openai/deployments/deleted-deployment/audio/speech");
        assertThat(second.lastRequest().path()).isEqualTo("/openai/deployments/tts-eu/audio/speech");
    }

    @Test
    void aRefusedKeyNeverReachesTheClientOrTheLogs() {
        // A resource that takes another key than the one Prism was given.
        try (FakeAzureOpenAi strict = FakeAzureOpenAi.start("some-other-key", Set.of("tts-1"))) {
            RunningPrism wrongKey = RunningPrism.start("""
                    server: { host: 127.0.0.1, port: 0 }
                    providers:
                      azure: { type: azure-openai, base_url: %s, api_key: %s, retry: { max_attempts: 1 } }
                    models:
                      tts-1: { targets: [ { provider: azure, model: tts-1 } ] }
                    keys:
                      - { name: client, key: %s }
                    """.formatted(strict.endpoint(), AZURE_KEY, CLIENT_KEY));
            try (wrongKey) {
                HttpResponse<byte[]> response = wrongKey.postJson("/v1/audio/speech", CLIENT_KEY,
                        "{\"model\":\"tts-1\",\"input\":\"Hi\",\"voice\":\"alloy\"}");

                assertThat(response.statusCode()).isBetween(500, 599);
                String body = new String(response.body(), StandardCharsets.UTF_8);
                assertThat(body).doesNotContain(AZURE_KEY).doesNotContain("Access denied");
                assertThat(response.headers().map().toString()).doesNotContain(AZURE_KEY);
                assertThat(strict.lastRequest().header("api-key")).contains(AZURE_KEY);
            }
        }
        prism.postJson("/v1/audio/speech", CLIENT_KEY, "{\"model\":\"tts-failover\",\"input\":\"Hi\",\"voice\":\"alloy\"}");

        assertThat(logged).as("something was logged at all").isNotEmpty();
        assertThat(logged).noneMatch(line -> line.contains(AZURE_KEY)).noneMatch(line -> line.contains(OTHER_AZURE_KEY));
    }
}
