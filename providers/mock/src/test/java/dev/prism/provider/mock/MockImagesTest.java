package dev.prism.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.api.ImageRequest;
import dev.prism.api.MediaResponse;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MockImagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeProviderContext context = FakeProviderContext.create();
    private final MockProvider provider = new MockProviderFactory().create(FakeProviderConfig.named("mock"), context);

    private JsonNode generate(ImageRequest request) throws Exception {
        return generate(request, "dall-e-2");
    }

    private JsonNode generate(ImageRequest request, String upstreamModel) throws Exception {
        MediaResponse response = provider.generate(request, Requests.call(upstreamModel));
        assertThat(response.contentType()).isEqualTo("application/json");
        return JSON.readTree(Requests.text(response));
    }

    @Test
    void base64ImagesDecodeToTheRequestedSize() throws Exception {
        JsonNode answer = generate(Requests.image("a red fox", "512x256", "b64_json"));

        BufferedImage image = decode(answer.get("data").get(0).get("b64_json").asText());
        assertThat(image.getWidth()).isEqualTo(512);
        assertThat(image.getHeight()).isEqualTo(256);
        assertThat(context.media().published()).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = "auto")
    void missingOrAutoSizeIsASquareOf1024(String size) throws Exception {
        BufferedImage image = decode(generate(Requests.image("a fox", size, "b64_json"))
                .get("data").get(0).get("b64_json").asText());

        assertThat(image.getWidth()).isEqualTo(1024);
        assertThat(image.getHeight()).isEqualTo(1024);
    }

    @ParameterizedTest
    @ValueSource(strings = {"big", "1024", "1024x", "x1024", "1024X1024", "-1x5", "0x10", "5000x5000", " 1024x1024"})
    void malformedSizeIsAnInvalidSize(String size) {
        assertThatThrownBy(() -> provider.generate(Requests.image("a fox", size, null), Requests.call("dall-e-2")))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.param()).isEqualTo("size");
                    assertThat(e.getMessage()).contains(size);
                });
    }

    @Test
    void urlFormPublishesEachPngForAnHourAndLinksIt() throws Exception {
        JsonNode answer = generate(Requests.image("two foxes", "64x64", "url", 2));

        assertThat(context.media().published()).hasSize(2).allSatisfy(published -> {
            assertThat(published.contentType()).isEqualTo("image/png");
            assertThat(published.ttl()).isEqualTo(Duration.ofHours(1));
            assertThat(decode(published.bytes()).getWidth()).isEqualTo(64);
        });
        assertThat(answer.get("data").get(0).get("url").asText())
                .isEqualTo(context.media().published().get(0).uri().toString());
        assertThat(answer.get("data").get(1).get("url").asText())
                .isEqualTo(context.media().published().get(1).uri().toString());
        assertThat(answer.get("data").get(0).has("b64_json")).isFalse();
    }

    @Test
    void missingResponseFormatMeansUrlAsForDallE() throws Exception {
        JsonNode answer = generate(Requests.image("a fox", "32x32", null));

        assertThat(answer.get("data").get(0).has("url")).isTrue();
    }

    @Test
    void answerIsCreatedAtTheHostsClockAndEchoesThePrompt() throws Exception {
        JsonNode answer = generate(Requests.image("a \"quoted\" fox\non two lines", "16x16", "b64_json"));

        assertThat(answer.get("created").asLong()).isEqualTo(FakeProviderContext.NOW.getEpochSecond());
        assertThat(answer.get("data").get(0).get("revised_prompt").asText())
                .isEqualTo("a \"quoted\" fox\non two lines");
        assertThat(answer.has("usage")).isFalse();
    }

    @Test
    void answersHoldNImagesThatDifferFromEachOther() throws Exception {
        JsonNode data = generate(Requests.image("a fox", "16x16", "b64_json", 3)).get("data");

        assertThat(data.size()).isEqualTo(3);
        assertThat(data.get(0).get("b64_json").asText()).isNotEqualTo(data.get(1).get("b64_json").asText());
    }

    @Test
    void samePromptGivesTheSameImageAndAnotherPromptAnother() throws Exception {
        String first = generate(Requests.image("a fox", "16x16", "b64_json")).get("data").get(0).get("b64_json").asText();
        String again = generate(Requests.image("a fox", "16x16", "b64_json")).get("data").get(0).get("b64_json").asText();
        String other = generate(Requests.image("a cat", "16x16", "b64_json")).get("data").get(0).get("b64_json").asText();

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void gptImageModelsAnswerInBase64WithUsageLikeOpenAi() throws Exception {
        JsonNode answer = generate(Requests.image("a fox in the snow", "1024x1536", null), "gpt-image-1");

        assertThat(answer.get("data").get(0).has("b64_json")).isTrue();
        assertThat(answer.get("size").asText()).isEqualTo("1024x1536");
        assertThat(answer.get("output_format").asText()).isEqualTo("png");
        JsonNode usage = answer.get("usage");
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("input_tokens").asInt() + usage.get("output_tokens").asInt());
        assertThat(context.media().published()).isEmpty();
    }

    @Test
    void otherOutputFormatsThanPngAreInvalid() {
        ImageRequest jpeg = new ImageRequest("gpt-image-1", "a fox", 1, "1024x1024", null, null, null, null, "jpeg",
                null, null, null, false, null, Map.of());

        assertThatThrownBy(() -> provider.generate(jpeg, Requests.call("gpt-image-1")))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("output_format"));
    }

    @Test
    void tooManyImagesAreAnInvalidN() {
        assertThatThrownBy(() -> provider.generate(Requests.image("a fox", "16x16", null, 11), Requests.call("dall-e-2")))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("n"));
    }

    @Test
    void streamingRequestGetsOneCompletedEventPerImage() {
        ImageRequest streamed = new ImageRequest("gpt-image-1", "a fox", 2, "16x16", null, null, null, null, null,
                null, null, null, true, null, Map.of());

        MediaResponse response = provider.generate(streamed, Requests.call("gpt-image-1"));

        assertThat(response.contentType()).isEqualTo("text/event-stream");
        String body = Requests.text(response);
        assertThat(body.split("event: image_generation.completed\ndata: \\{\"type\":\"image_generation.completed\""))
                .hasSize(3);
    }

    private static BufferedImage decode(String base64) {
        return decode(Base64.getDecoder().decode(base64));
    }

    private static BufferedImage decode(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image).as("a PNG ImageIO can read").isNotNull();
            return image;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
