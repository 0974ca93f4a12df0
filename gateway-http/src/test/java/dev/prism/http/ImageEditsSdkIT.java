package dev.prism.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.images.ImageCreateVariationParams;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageEditStreamEvent;
import com.openai.models.images.ImagesResponse;
import dev.prism.testkit.FakeOpenAiUpstream;
import dev.prism.testkit.MultipartForm;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Image edits and variations sent by the official OpenAI Java SDK through Prism to a fake OpenAI:
 * what the SDK sends arrives upstream as it sent it.
 */
class ImageEditsSdkIT extends AgainstFakeUpstream {
    private static OpenAIClient openai;

    @BeforeAll
    static void client() {
        openai = prism.openAiClient(UpstreamConfig.ADMIN_KEY);
    }

    @AfterAll
    static void closeClient() {
        openai.close();
    }

    @Test
    void anEditOfSeveralImagesWithAMaskArrivesUpstreamAsTheSdkSentIt() {
        byte[] first = ImageEditsIT.png(1, 3000);
        byte[] second = ImageEditsIT.png(2, 2000);
        byte[] mask = ImageEditsIT.png(3, 1000);
        ImageEditParams params = ImageEditParams.builder()
                .image(ImageEditParams.Image.ofInputStreams(List.of(new ByteArrayInputStream(first),
                        new ByteArrayInputStream(second))))
                .mask(mask)
                .prompt("Put both in a gift basket")
                .model("gpt-image-1")
                .n(2)
                .size(ImageEditParams.Size._1024X1536)
                .quality(ImageEditParams.Quality.HIGH)
                .inputFidelity(ImageEditParams.InputFidelity.HIGH)
                .background(ImageEditParams.Background.TRANSPARENT)
                .outputFormat(ImageEditParams.OutputFormat.PNG)
                .user("user-9")
                .build();

        ImagesResponse answer = openai.images().edit(params);

        assertThat(answer.data().orElseThrow()).hasSize(2);
        MultipartForm sent = upstream.lastRequest().form();
        List<MultipartForm.Part> images = sent.parts("image[]");
        assertThat(sent.parts("image")).isEmpty();
        assertThat(images).hasSize(2);
        assertThat(images.get(0).bytes()).isEqualTo(first);
        assertThat(images.get(1).bytes()).isEqualTo(second);
        assertThat(images).allSatisfy(part -> assertThat(part.filename()).isNotBlank());
        assertThat(sent.parts("mask")).singleElement().satisfies(part -> assertThat(part.bytes()).isEqualTo(mask));
        assertThat(sent.field("prompt")).hasValue("Put both in a gift basket");
        assertThat(sent.field("model")).hasValue("gpt-image-1");
        assertThat(sent.field("n")).hasValue("2");
        assertThat(sent.field("size")).hasValue("1024x1536");
        assertThat(sent.field("quality")).hasValue("high");
        assertThat(sent.field("input_fidelity")).hasValue("high");
        assertThat(sent.field("background")).hasValue("transparent");
        assertThat(sent.field("output_format")).hasValue("png");
        assertThat(sent.field("user")).hasValue("user-9");
    }

    @Test
    void aStreamedEditReachesTheSdkEventByEvent() {
        ImageEditParams params = ImageEditParams.builder()
                .image(ImageEditsIT.png(4, 500))
                .prompt("Add a scarf")
                .model("gpt-image-1")
                .partialImages(2)
                .build();

        List<ImageEditStreamEvent> events;
        try (StreamResponse<ImageEditStreamEvent> stream = openai.images().editStreaming(params)) {
            events = stream.stream().toList();
        }

        assertThat(events).hasSize(3);
        assertThat(events.get(0).isPartialImage()).isTrue();
        assertThat(events.get(1).isPartialImage()).isTrue();
        assertThat(events.get(2).isCompleted()).isTrue();
        assertThat(events.get(2).asCompleted().b64Json()).isEqualTo(FakeOpenAiUpstream.PNG_BASE64);
        MultipartForm sent = upstream.lastRequest().form();
        assertThat(sent.field("stream")).hasValue("true");
        assertThat(sent.field("partial_images")).hasValue("2");
    }

    @Test
    @SuppressWarnings("deprecation") // the SDK marks dall-e; clients still send it
    void aVariationArrivesUpstreamAsTheSdkSentIt() {
        byte[] image = ImageEditsIT.png(5, 4000);
        ImageCreateVariationParams params = ImageCreateVariationParams.builder()
                .image(image)
                .model("dall-e-2")
                .n(3)
                .size(ImageCreateVariationParams.Size._256X256)
                .responseFormat(ImageCreateVariationParams.ResponseFormat.URL)
                .build();

        ImagesResponse answer = openai.images().createVariation(params);

        assertThat(answer.data().orElseThrow()).hasSize(3);
        MultipartForm sent = upstream.lastRequest().form();
        assertThat(upstream.lastRequest().path()).isEqualTo("/images/variations");
        assertThat(sent.parts("image")).singleElement().satisfies(part -> assertThat(part.bytes()).isEqualTo(image));
        assertThat(sent.field("model")).hasValue("dall-e-2");
        assertThat(sent.field("n")).hasValue("3");
        assertThat(sent.field("size")).hasValue("256x256");
        assertThat(sent.field("response_format")).hasValue("url");
    }
}
