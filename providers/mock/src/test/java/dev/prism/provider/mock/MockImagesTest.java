package dev.prism.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.api.ImageRequest;
import dev.prism.api.MediaResponse;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MockImagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A model the mock has no rules for: any size up to its limit will do. */
    private static final String UNKNOWN_MODEL = "house-painter-1";

    private final FakeProviderContext context = FakeProviderContext.create();
    private final MockProvider provider = new MockProviderFactory().create(FakeProviderConfig.named("mock"), context);

    private JsonNode generate(ImageRequest request) throws Exception {
        return generate(request, UNKNOWN_MODEL);
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
        BufferedImage image = decode(generate(Requests.image("a fox", size, "b64_json"), "gpt-image-1")
                .get("data").get(0).get("b64_json").asText());

        assertThat(image.getWidth()).isEqualTo(1024);
        assertThat(image.getHeight()).isEqualTo(1024);
    }

    @ParameterizedTest
    @ValueSource(strings = {"big", "1024", "1024x", "x1024", "1024X1024", "-1x5", "0x10", "5000x5000", " 1024x1024"})
    void malformedSizeIsAnInvalidSize(String size) {
        assertThatThrownBy(() -> provider.generate(Requests.image("a fox", size, null), Requests.call(UNKNOWN_MODEL)))
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
        JsonNode answer = generate(Requests.image("a fox", "256x256", null), "dall-e-2");

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
        ImageRequest jpeg = ImageRequest.builder("gpt-image-1", "a fox").size("1024x1024").outputFormat("jpeg")
                .build();

        assertThatThrownBy(() -> provider.generate(jpeg, Requests.call("gpt-image-1")))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("output_format"));
    }

    @Test
    void tooManyImagesAreAnInvalidN() {
        assertThatThrownBy(() -> provider.generate(Requests.image("a fox", "16x16", null, 11), Requests.call(UNKNOWN_MODEL)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("n"));
    }

    @Test
    void dallE3MakesOneImageARequestAsOpenAiSays() {
        assertThatThrownBy(() -> provider.generate(Requests.image("two foxes", "1024x1024", "b64_json", 2),
                Requests.call("dall-e-3")))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("n");
                    assertThat(e.getMessage()).isEqualTo("You must provide n=1 for this model.");
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "dall-e-2         | 1792x1024 | '256x256', '512x512' and '1024x1024'",
            "dall-e-2         | auto      | '256x256', '512x512' and '1024x1024'",
            "dall-e-3         | 512x512   | '1024x1024', '1792x1024' and '1024x1792'",
            "dall-e-3         | 1536x1024 | '1024x1024', '1792x1024' and '1024x1792'",
            "gpt-image-1      | 1792x1024 | '1024x1024', '1536x1024', '1024x1536' and 'auto'",
            "gpt-image-1-mini | 256x256   | '1024x1024', '1536x1024', '1024x1536' and 'auto'"})
    void aSizeTheModelDoesNotOfferIsAnInvalidSizeListingTheOffered(String model, String size, String offered) {
        assertThatThrownBy(() -> provider.generate(Requests.image("a fox", size, "b64_json"), Requests.call(model)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.param()).isEqualTo("size");
                    assertThat(e.code()).isEqualTo("invalid_value");
                    assertThat(e.getMessage()).isEqualTo("Invalid value: '" + size + "'. Supported values are: "
                            + offered + ".");
                });
        assertThat(context.media().published()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"dall-e-2, 256x256", "dall-e-2, 512x512", "dall-e-3, 1792x1024", "dall-e-3, 1024x1792",
            "gpt-image-1, 1536x1024", "gpt-image-1.5, 1024x1536", "gpt-image-2, 1744x2480", "gpt-image-2, 3840x2160"})
    void eachModelDrawsTheSizesItOffers(String model, String size) throws Exception {
        JsonNode answer = generate(Requests.image("a fox", size, "b64_json"), model);

        BufferedImage image = decode(answer.get("data").get(0).get("b64_json").asText());
        assertThat(image.getWidth() + "x" + image.getHeight()).isEqualTo(size);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000x1000", "4096x2160", "2176x2176", "16x8"})
    void gptImage2WantsSidesInStepsOf16UpTo3840x2160(String size) {
        assertThatThrownBy(() -> provider.generate(Requests.image("a fox", size, "b64_json"),
                Requests.call("gpt-image-2")))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.param()).isEqualTo("size");
                    assertThat(e.getMessage()).contains(size);
                });
    }

    @Test
    void tenLargeImagesAreDrawnOneAtATimeNeverAsRawPixels() throws Exception {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        int width = ImageSize.MAX_SIDE;
        int height = ImageSize.MAX_SIDE;
        long rawPixels = 10L * width * height * 3; // 503 MB: what holding or copying each raw image would cost
        ImageRequest request = Requests.image("ten large foxes", width + "x" + height, "b64_json", 10);

        long before = threads.getCurrentThreadAllocatedBytes();
        long bodyBytes;
        try (MediaResponse response = provider.generate(request, Requests.call(UNKNOWN_MODEL))) {
            bodyBytes = drain(response.body());
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(bodyBytes).isGreaterThan(10L * 4 * 1024); // ten images, each more than a few KiB of base64
        assertThat(allocated).as("bytes allocated for %d bytes of JSON", bodyBytes).isLessThan(rawPixels / 10);
    }

    @Test
    void urlAnswersSayTheyLinkPublishedMediaAndBase64AnswersDoNot() {
        try (MediaResponse linked = provider.generate(Requests.image("a fox", "256x256", "url"), Requests.call("dall-e-2"));
                MediaResponse inline = provider.generate(Requests.image("a fox", "256x256", "b64_json"),
                        Requests.call("dall-e-2"))) {
            assertThat(linked.linksPublishedMedia()).isTrue();
            assertThat(inline.linksPublishedMedia()).isFalse();
        }
    }

    @Test
    void streamingRequestGetsOneCompletedEventPerImage() {
        ImageRequest streamed = ImageRequest.builder("gpt-image-1", "a fox").n(2).size("1024x1024").stream(true)
                .build();

        MediaResponse response = provider.generate(streamed, Requests.call("gpt-image-1"));

        assertThat(response.contentType()).isEqualTo("text/event-stream");
        String body = Requests.text(response);
        assertThat(body.split("event: image_generation.completed\ndata: \\{\"type\":\"image_generation.completed\""))
                .hasSize(3);
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        boolean counting = ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled();
        assumeTrue(counting, "this JVM does not count the bytes a thread allocates");
        return (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    }

    /** Reads a body to its end through one small buffer, so reading allocates nothing itself. */
    private static long drain(InputStream body) throws java.io.IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n; (n = body.read(buffer)) >= 0; ) {
            total += n;
        }
        return total;
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
