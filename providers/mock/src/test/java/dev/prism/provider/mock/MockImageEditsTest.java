package dev.prism.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.GatewayException;
import dev.prism.api.ImageEditRequest;
import dev.prism.api.ImageVariationRequest;
import dev.prism.api.MediaResponse;
import dev.prism.api.Upload;
import dev.prism.testkit.InMemoryUpload;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The mock's edits and variations: deterministic pictures of their inputs, at the requested size. */
class MockImageEditsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeProviderContext context = FakeProviderContext.create();
    private final MockProvider provider = new MockProviderFactory().create(FakeProviderConfig.named("mock"), context);

    private static Upload image(String bytes) {
        return new InMemoryUpload("in.png", "image/png", bytes.getBytes(StandardCharsets.UTF_8));
    }

    private static ImageEditRequest.Builder edit(String prompt, Upload... images) {
        return ImageEditRequest.builder("gpt-image-1", prompt, List.of(images)).size("1024x1536");
    }

    private JsonNode answer(MediaResponse response) throws Exception {
        return JSON.readTree(Requests.text(response));
    }

    private String editedBase64(ImageEditRequest request) throws Exception {
        return answer(provider.edit(request, Requests.call("gpt-image-1"))).get("data").get(0).get("b64_json").asText();
    }

    @Test
    void anEditIsAPngOfTheRequestedSizeWithItsInputImagesCountedAsImageTokens() throws Exception {
        JsonNode answer = answer(provider.edit(edit("a hat", image("one"), image("two")).build(),
                Requests.call("gpt-image-1")));

        BufferedImage png = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode(answer.get("data").get(0).get("b64_json").asText())));
        assertThat(png.getWidth()).isEqualTo(1024);
        assertThat(png.getHeight()).isEqualTo(1536);
        JsonNode usage = answer.get("usage");
        assertThat(usage.get("input_tokens_details").get("image_tokens").asInt())
                .isEqualTo(2 * MockImages.INPUT_IMAGE_TOKENS);
        assertThat(usage.get("input_tokens").asInt()).isEqualTo(usage.get("input_tokens_details").get("text_tokens")
                .asInt() + 2 * MockImages.INPUT_IMAGE_TOKENS);
    }

    @Test
    void theSameInputsGiveTheSameImageAndAnyOtherInputAnother() throws Exception {
        String first = editedBase64(edit("a hat", image("one"), image("two")).mask(image("mask")).build());

        assertThat(editedBase64(edit("a hat", image("one"), image("two")).mask(image("mask")).build())).isEqualTo(first);
        assertThat(editedBase64(edit("a scarf", image("one"), image("two")).mask(image("mask")).build()))
                .as("another prompt").isNotEqualTo(first);
        assertThat(editedBase64(edit("a hat", image("one"), image("three")).mask(image("mask")).build()))
                .as("another image").isNotEqualTo(first);
        assertThat(editedBase64(edit("a hat", image("two"), image("one")).mask(image("mask")).build()))
                .as("another order").isNotEqualTo(first);
        assertThat(editedBase64(edit("a hat", image("one"), image("two")).mask(image("other")).build()))
                .as("another mask").isNotEqualTo(first);
        assertThat(editedBase64(edit("a hat", image("one"), image("two")).build())).as("no mask").isNotEqualTo(first);
    }

    @Test
    void aStreamedEditEndsInAnImageEditCompletedEvent() throws Exception {
        MediaResponse response = provider.edit(edit("a hat", image("one")).stream(true).build(),
                Requests.call("gpt-image-1"));

        assertThat(response.contentType()).isEqualTo("text/event-stream");
        String events = Requests.text(response);
        assertThat(events).startsWith("event: image_edit.completed\ndata: ").contains("\"type\":\"image_edit.completed\"");
    }

    @Test
    void variationsOfOneImageDifferFromVariationsOfAnother() throws Exception {
        JsonNode first = answer(provider.vary(new ImageVariationRequest("dall-e-2", image("one"), 2, "256x256",
                "b64_json", null, List.of()), Requests.call("dall-e-2")));
        JsonNode again = answer(provider.vary(new ImageVariationRequest("dall-e-2", image("one"), 2, "256x256",
                "b64_json", null, List.of()), Requests.call("dall-e-2")));
        JsonNode other = answer(provider.vary(new ImageVariationRequest("dall-e-2", image("two"), 1, "256x256",
                "b64_json", null, List.of()), Requests.call("dall-e-2")));

        assertThat(first.get("data")).hasSize(2);
        assertThat(first.get("data").get(0).has("revised_prompt")).as("a variation has no prompt").isFalse();
        assertThat(again).isEqualTo(first);
        assertThat(other.get("data").get(0).get("b64_json")).isNotEqualTo(first.get("data").get(0).get("b64_json"));
    }

    @Test
    void variationsAreDallE2sAsOpenAiSays() {
        assertThatThrownBy(() -> provider.vary(new ImageVariationRequest("gpt-image-1", image("one"), 1, null, null, null,
                List.of()), Requests.call("gpt-image-1")))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("model"));
    }
}
