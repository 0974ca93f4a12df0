package dev.prism.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prism.api.FormField;
import dev.prism.api.ImageEditRequest;
import dev.prism.api.ImageVariationRequest;
import dev.prism.api.Upload;
import dev.prism.spi.MultipartBody;
import dev.prism.testkit.InMemoryUpload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiWireTest {
    private static Upload image(String name) {
        return new InMemoryUpload(name, "image/png", name.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEditKeepsTheFieldsInTheirOrderWithTheUpstreamModelWhereTheAliasStood() {
        ImageEditRequest edit = ImageEditRequest.builder("painter", "a hat", List.of(image("a.png"), image("b.png")))
                .imageField("image[]").mask(image("m.png"))
                .fields(List.of(new FormField("prompt", "a hat"), new FormField("model", "painter"),
                        new FormField("n", "2"), new FormField("brand_new", "x")))
                .build();

        MultipartBody body = OpenAiWire.imageEdit(edit, "gpt-image-1");

        assertThat(body.files()).extracting(MultipartBody.FilePart::field).containsExactly("image[]", "image[]", "mask");
        assertThat(body.files()).extracting(f -> f.upload().filename()).containsExactly("a.png", "b.png", "m.png");
        String written = written(body);
        assertThat(written.indexOf("name=\"prompt\"")).isLessThan(written.indexOf("name=\"model\""));
        assertThat(written).contains("name=\"model\"\r\n\r\ngpt-image-1\r\n").doesNotContain("painter")
                .contains("name=\"brand_new\"\r\n\r\nx\r\n");
    }

    @Test
    void aVariationWithoutAModelFieldGetsTheUpstreamModelFirstAndAnUpstreamThatTakesItFromTheUrlNone() {
        ImageVariationRequest variation = new ImageVariationRequest("dall-e-2", image("a.png"), 1, null, null, null,
                List.of(new FormField("n", "1")));

        assertThat(written(OpenAiWire.imageVariation(variation, "dall-e-2")))
                .containsSubsequence("name=\"model\"\r\n\r\ndall-e-2", "name=\"n\"", "name=\"image\"; filename=\"a.png\"");
        assertThat(written(OpenAiWire.imageVariation(variation, null))).doesNotContain("name=\"model\"");
    }

    private static String written(MultipartBody body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            body.writeTo(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
