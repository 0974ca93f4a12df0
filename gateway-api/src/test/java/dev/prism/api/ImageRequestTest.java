package dev.prism.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageRequestTest {
    @Test
    void aBuiltRequestAsksForOneImageAndLeavesEveryOptionalFieldUnset() {
        ImageRequest request = ImageRequest.builder("dall-e-2", "a fox").build();

        assertThat(request).isEqualTo(new ImageRequest("dall-e-2", "a fox", 1, null, null, null, null, null, null, null,
                null, null, false, null, Map.of()));
    }

    @Test
    void eachBuilderMethodSetsTheFieldItNames() {
        ImageRequest request = ImageRequest.builder("gpt-image-1", "a fox").n(2).size("1024x1536").quality("high")
                .style("natural").responseFormat("b64_json").user("user-7").outputFormat("webp").outputCompression(80)
                .background("transparent").moderation("low").stream(true).partialImages(1)
                .extensions(Map.of("seed", 3)).build();

        assertThat(request).isEqualTo(new ImageRequest("gpt-image-1", "a fox", 2, "1024x1536", "high", "natural",
                "b64_json", "user-7", "webp", 80, "transparent", "low", true, 1, Map.of("seed", 3)));
    }

    @Test
    void aRequestNeedsAModelAndAPrompt() {
        assertThatThrownBy(() -> ImageRequest.builder(null, "a fox").build()).hasMessage("model is null");
        assertThatThrownBy(() -> ImageRequest.builder("dall-e-2", null).build()).hasMessage("prompt is null");
    }
}
