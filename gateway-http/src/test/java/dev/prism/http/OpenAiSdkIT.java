package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponse;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionVerbose;
import com.openai.models.audio.translations.TranslationCreateParams;
import com.openai.models.images.Image;
import com.openai.models.images.ImageCreateVariationParams;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import com.openai.models.models.Model;
import dev.prism.core.config.ConfigLoader;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK as a real client of Prism with its built-in configuration (the mock
 * provider): only the base URL and the key differ from talking to OpenAI.
 */
class OpenAiSdkIT {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private static RunningPrism prism;
    private static OpenAIClient openai;

    @BeforeAll
    static void start() throws Exception {
        String yaml;
        try (InputStream in = Main.class.getResourceAsStream("default-mock.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        prism = RunningPrism.start(new ConfigLoader(Map.of("PRISM_PORT", "0")::get).parse(yaml));
        openai = prism.openAiClient(Main.DEMO_KEY);
    }

    @AfterAll
    static void stop() {
        openai.close();
        prism.close();
    }

    private static byte[] speech(String input) throws Exception {
        SpeechCreateParams params = SpeechCreateParams.builder().model("tts-1").input(input).voice("alloy")
                .responseFormat(SpeechCreateParams.ResponseFormat.WAV).build();
        try (HttpResponse response = openai.audio().speech().create(params)) {
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body().readAllBytes();
        }
    }

    @Test
    void speechInWavIsAWavFile() throws Exception {
        byte[] audio = speech("Hello from the official SDK.");

        assertThat(audio.length).isGreaterThan(44);
        assertThat(new String(audio, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(audio, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");
    }

    @Test
    void verboseTranscriptionHasTimedWords() throws Exception {
        // The SDK sends a byte array without a file name; Prism names it from its bytes.
        TranscriptionCreateParams params = TranscriptionCreateParams.builder()
                .file(speech("The quick brown fox jumps over the lazy dog."))
                .model("whisper-1")
                .responseFormat(AudioResponseFormat.VERBOSE_JSON)
                .addTimestampGranularity(TranscriptionCreateParams.TimestampGranularity.WORD)
                .build();

        TranscriptionVerbose verbose = openai.audio().transcriptions().create(params).asVerbose();

        assertThat(verbose.duration()).isPositive();
        assertThat(verbose.text()).isNotBlank();
        assertThat(verbose.words()).hasValueSatisfying(words -> {
            assertThat(words).isNotEmpty();
            assertThat(words).allSatisfy(w -> assertThat(w.end()).isGreaterThanOrEqualTo(w.start()));
        });
    }

    @Test
    @SuppressWarnings("deprecation") // the SDK marks the dall-e and translation APIs; clients still send them
    void translationHasText() throws Exception {
        TranslationCreateParams params = TranslationCreateParams.builder()
                .file(speech("Bonjour tout le monde."))
                .model("whisper-1")
                .build();

        String text = openai.audio().translations().create(params).asTranslation().text();

        assertThat(text).isNotBlank();
    }

    @Test
    @SuppressWarnings("deprecation") // the SDK marks the dall-e and translation APIs; clients still send them
    void generatedImageInBase64IsAPngOfTheRequestedSize() {
        ImageGenerateParams params = ImageGenerateParams.builder().model("dall-e-2").prompt("A red square")
                .size(ImageGenerateParams.Size._256X256).responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON)
                .build();

        List<Image> images = openai.images().generate(params).data().orElseThrow();

        assertThat(images).hasSize(1);
        byte[] png = Base64.getDecoder().decode(images.getFirst().b64Json().orElseThrow());
        assertPng(png, 256, 256);
    }

    @Test
    @SuppressWarnings("deprecation") // the SDK marks the dall-e and translation APIs; clients still send them
    void generatedImageAsUrlIsServedByPrism() throws Exception {
        ImageGenerateParams params = ImageGenerateParams.builder().model("dall-e-2").prompt("A blue circle")
                .size(ImageGenerateParams.Size._512X512).responseFormat(ImageGenerateParams.ResponseFormat.URL).build();

        String url = openai.images().generate(params).data().orElseThrow().getFirst().url().orElseThrow();

        URI link = URI.create(url);
        assertThat(link.getPort()).as("the link points at the running Prism: %s", url).isEqualTo(prism.port());
        java.net.http.HttpResponse<byte[]> fetched = prism.send(HttpRequest.newBuilder(link).timeout(RunningPrism.TIMEOUT)
                .GET().build());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.headers().firstValue("content-type")).hasValue("image/png");
        assertPng(fetched.body(), 512, 512);
    }

    private static byte[] editedImage(byte[] mask) {
        ImageEditParams params = ImageEditParams.builder()
                .image(ImageEditParams.Image.ofInputStreams(List.of(new java.io.ByteArrayInputStream(ImageEditsIT.png(1, 500)),
                        new java.io.ByteArrayInputStream(ImageEditsIT.png(2, 500)))))
                .mask(mask)
                .prompt("A hat on the first, a scarf on the second")
                .model("gpt-image-1")
                .size(ImageEditParams.Size._1024X1536)
                .build();
        ImagesResponse answer = openai.images().edit(params);
        assertThat(answer.usage().orElseThrow().inputTokensDetails().imageTokens())
                .as("the two images, counted as image tokens of input").isPositive();
        return Base64.getDecoder().decode(answer.data().orElseThrow().getFirst().b64Json().orElseThrow());
    }

    @Test
    void theMockEditsDeterministicallyFromTheImagesAndTheMask() {
        byte[] png = editedImage(ImageEditsIT.png(3, 200));

        assertPng(png, 1024, 1536);
        assertThat(editedImage(ImageEditsIT.png(3, 200))).as("the same inputs").isEqualTo(png);
        assertThat(editedImage(ImageEditsIT.png(4, 200))).as("another mask").isNotEqualTo(png);
    }

    @Test
    @SuppressWarnings("deprecation") // the SDK marks dall-e; clients still send it
    void theMockMakesVariationsOfTheRequestedSize() {
        var variations = openai.images().withRawResponse().createVariation(ImageCreateVariationParams.builder()
                .image(ImageEditsIT.png(5, 300)).model("dall-e-2").n(2)
                .size(ImageCreateVariationParams.Size._256X256)
                .responseFormat(ImageCreateVariationParams.ResponseFormat.B64_JSON).build());

        assertThat(variations.headers().values("x-prism-usage")).containsExactly("images=2");
        // dall-e-2 as OpenAI prices it: $0.016 a 256x256 image.
        assertThat(variations.headers().values("x-prism-cost")).containsExactly("0.032");
        List<Image> images = variations.parse().data().orElseThrow();
        assertThat(images).hasSize(2);
        byte[] first = Base64.getDecoder().decode(images.get(0).b64Json().orElseThrow());
        assertPng(first, 256, 256);
        assertThat(Base64.getDecoder().decode(images.get(1).b64Json().orElseThrow())).isNotEqualTo(first);
    }

    @Test
    void modelsCanBeListedAndRetrieved() {
        List<String> ids = openai.models().list().data().stream().map(Model::id).toList();

        assertThat(ids).contains("tts-1", "whisper-1", "dall-e-2", "dall-e-3", "gpt-image-1");
        Model whisper = openai.models().retrieve("whisper-1");
        assertThat(whisper.id()).isEqualTo("whisper-1");
        assertThat(whisper.ownedBy()).isEqualTo("mock");
        assertThat(whisper.created()).isPositive();
    }

    @Test
    @SuppressWarnings("deprecation") // the SDK marks the dall-e and translation APIs; clients still send them
    void theSdkSeesWhoServedAndWhatWasUsedOnEveryEndpoint() throws Exception {
        SpeechCreateParams speechParams = SpeechCreateParams.builder().model("tts-1").input("Grüße").voice("alloy")
                .responseFormat(SpeechCreateParams.ResponseFormat.WAV).build();
        byte[] clip;
        try (HttpResponse speech = openai.audio().speech().create(speechParams)) {
            assertThat(speech.headers().values("x-prism-model")).containsExactly("tts-1");
            assertThat(speech.headers().values("x-prism-usage")).containsExactly("characters=5");
            // The mock is priced as OpenAI: tts-1 at $15 per 1M characters.
            assertThat(speech.headers().values("x-prism-cost")).containsExactly("0.000075");
            clip = speech.body().readAllBytes();
        }

        var transcription = openai.audio().transcriptions().withRawResponse().create(TranscriptionCreateParams.builder()
                .file(clip).model("whisper-1").build());
        assertThat(transcription.headers().values("x-prism-model")).containsExactly("whisper-1");
        double seconds = (clip.length - 44) / 48_000.0; // the mock's wav: 24 kHz, 16-bit mono
        assertThat(transcription.headers().values("x-prism-usage")).singleElement().asString()
                .startsWith("audio_seconds=" + java.math.BigDecimal.valueOf(seconds)
                        .setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString());
        assertThat(transcription.parse().asTranscription().text()).isNotBlank();

        var translation = openai.audio().translations().withRawResponse().create(TranslationCreateParams.builder()
                .file(clip).model("whisper-1").build());
        assertThat(translation.headers().values("x-prism-usage")).singleElement().asString().startsWith("audio_seconds=");

        var images = openai.images().withRawResponse().generate(ImageGenerateParams.builder().model("dall-e-2")
                .prompt("A red square").n(2).size(ImageGenerateParams.Size._256X256)
                .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON).build());
        assertThat(images.headers().values("x-prism-model")).containsExactly("dall-e-2");
        assertThat(images.headers().values("x-prism-usage")).containsExactly("images=2");
        assertThat(images.headers().values("x-prism-cost")).containsExactly("0.032");
        assertThat(images.parse().data().orElseThrow()).hasSize(2);
    }

    private static void assertPng(byte[] png, int width, int height) {
        assertThat(Arrays.copyOf(png, 8)).isEqualTo(PNG_SIGNATURE);
        ByteBuffer header = ByteBuffer.wrap(png, 8, 25);
        header.getInt();
        byte[] type = new byte[4];
        header.get(type);
        assertThat(new String(type, StandardCharsets.US_ASCII)).isEqualTo("IHDR");
        assertThat(header.getInt()).as("width").isEqualTo(width);
        assertThat(header.getInt()).as("height").isEqualTo(height);
    }
}
