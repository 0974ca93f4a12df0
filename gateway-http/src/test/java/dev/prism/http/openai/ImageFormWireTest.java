package dev.prism.http.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prism.api.FormField;
import dev.prism.api.GatewayException;
import dev.prism.api.ImageEditRequest;
import dev.prism.api.Upload;
import dev.prism.testkit.InMemoryUpload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageFormWireTest {
    private static final Upload IMAGE = new InMemoryUpload("a.png", "image/png", new byte[] {1, 2, 3});

    private final ImageFormWire wire = new ImageFormWire();

    private static List<FormField> fields(String... pairs) {
        List<FormField> fields = new ArrayList<>(List.of(new FormField("prompt", "a hat")));
        for (int i = 0; i < pairs.length; i += 2) {
            fields.add(new FormField(pairs[i], pairs[i + 1]));
        }
        return fields;
    }

    private ImageEditRequest edit(String... pairs) {
        return wire.edit(fields(pairs), "image", List.of(IMAGE), null);
    }

    @Test
    void anEditReadsWhatItModelsAndKeepsEveryFieldAsSent() {
        ImageEditRequest edit = edit("model", "gpt-image-1", "n", "3", "size", "1536x1024", "quality", "low",
                "response_format", "b64_json", "background", "opaque", "input_fidelity", "low", "output_format", "jpeg",
                "output_compression", "40", "user", "u-1", "stream", "true", "partial_images", "3", "new_thing", "x");

        assertThat(edit.n()).isEqualTo(3);
        assertThat(edit.size()).isEqualTo("1536x1024");
        assertThat(edit.quality()).isEqualTo("low");
        assertThat(edit.inputFidelity()).isEqualTo("low");
        assertThat(edit.outputCompression()).isEqualTo(40);
        assertThat(edit.stream()).isTrue();
        assertThat(edit.partialImages()).isEqualTo(3);
        assertThat(edit.contentType()).isEqualTo("text/event-stream");
        assertThat(edit.fields()).extracting(FormField::name).endsWith("new_thing");
    }

    @ParameterizedTest
    @CsvSource({"n, 1, dall-e-2", "input_fidelity, high, gpt-image-1", "background, auto, gpt-image-1",
            "stream, true, gpt-image-1", "partial_images, 1, gpt-image-1"})
    void anEditWithoutAModelGoesWhereOpenAiSendsIt(String field, String value, String model) {
        assertThat(edit(field, value).model()).isEqualTo(model);
    }

    @ParameterizedTest
    @CsvSource({"n, two, invalid_type", "n, 11, invalid_value", "size, huge, invalid_value",
            "input_fidelity, medium, invalid_value", "output_compression, 101, invalid_value",
            "stream, yes, invalid_type", "partial_images, -1, invalid_value"})
    void anOptionOutOfRangeIsA400NamingIt(String field, String value, String code) {
        GatewayException e = catchThrowableOfType(GatewayException.class, () -> edit(field, value));

        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.param()).isEqualTo(field);
        assertThat(e.code()).isEqualTo(code);
    }

    @Test
    void anEmptyImageOrMaskIsRefused() {
        Upload empty = new InMemoryUpload("e.png", "image/png", new byte[0]);

        assertThat(catchThrowableOfType(GatewayException.class, () -> wire.edit(fields(), "image", List.of(empty), null))
                .param()).isEqualTo("image");
        assertThat(catchThrowableOfType(GatewayException.class, () -> wire.edit(fields(), "image", List.of(IMAGE), empty))
                .param()).isEqualTo("mask");
    }

    @Test
    void aVariationDoesNotStream() {
        GatewayException e = catchThrowableOfType(GatewayException.class,
                () -> wire.variation(List.of(new FormField("stream", "true")), IMAGE));

        assertThat(e.param()).isEqualTo("stream");
    }
}
