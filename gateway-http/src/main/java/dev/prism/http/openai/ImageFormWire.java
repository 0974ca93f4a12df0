package dev.prism.http.openai;

import dev.prism.api.FormField;
import dev.prism.api.GatewayException;
import dev.prism.api.ImageEditRequest;
import dev.prism.api.ImageVariationRequest;
import dev.prism.api.Upload;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/images/edits} and {@code /v1/images/variations}: the text fields of OpenAI's
 * multipart form and its spooled files to a request. Every text field stays in the request as sent,
 * in order, so that what Prism does not model reaches an OpenAI-compatible upstream untouched. As for
 * generations, limits that hold for every model are checked here and those of one model family
 * (dall-e-2's single square PNG) are the upstream's.
 */
public final class ImageFormWire {
    /** Parameters only the GPT image models take: naming one makes a request without a model theirs. */
    private static final Set<String> GPT_IMAGE_ONLY = Set.of("background", "output_format", "output_compression",
            "partial_images", "input_fidelity", "stream");
    private static final Set<String> EDIT_QUALITIES = Set.of("standard", "low", "medium", "high", "auto");

    /**
     * @param imageField the part name the images came under, {@code image} or {@code image[]}
     * @param images the images in the order they came; empty when the form had none
     * @param mask or null
     */
    public ImageEditRequest edit(List<FormField> fields, String imageField, List<? extends Upload> images, Upload mask) {
        FormValues form = new FormValues(fields);
        requireImages(images);
        if (mask != null && mask.size() == 0) {
            throw GatewayException.invalid("mask", "The uploaded mask is empty.");
        }
        String prompt = ImageWire.prompt(form.string("prompt")
                .orElseThrow(() -> GatewayException.invalid("prompt", "Missing required parameter: 'prompt'.")));
        String model = SpeechWire.nonEmpty(form.string("model").orElseGet(() -> GPT_IMAGE_ONLY.stream()
                .anyMatch(form::has) ? ImageWire.DEFAULT_GPT_IMAGE_MODEL : ImageWire.DEFAULT_MODEL), "model");
        return ImageEditRequest.builder(model, prompt, List.copyOf(images))
                .imageField(imageField)
                .mask(mask)
                .n(ImageWire.n(form.integer("n").orElse(1)))
                .size(ImageWire.size(form.string("size").orElse(null)))
                .quality(form.choice("quality", EDIT_QUALITIES).orElse(null))
                .responseFormat(form.choice("response_format", ImageWire.RESPONSE_FORMATS).orElse(null))
                .background(form.choice("background", ImageWire.BACKGROUNDS).orElse(null))
                .inputFidelity(form.choice("input_fidelity", Set.of("high", "low")).orElse(null))
                .outputFormat(form.choice("output_format", ImageWire.OUTPUT_FORMATS).orElse(null))
                .outputCompression(ImageWire.outputCompression(form.integer("output_compression").orElse(null)))
                .user(form.string("user").orElse(null))
                .stream(form.bool("stream").orElse(false))
                .partialImages(ImageWire.partialImages(form.integer("partial_images").orElse(null)))
                .fields(fields)
                .build();
    }

    /** @param image or null when the form had none */
    public ImageVariationRequest variation(List<FormField> fields, Upload image) {
        FormValues form = new FormValues(fields);
        requireImages(image == null ? List.of() : List.of(image));
        if (form.bool("stream").orElse(false)) {
            throw GatewayException.invalid("stream", "Image variations do not stream.");
        }
        String model = SpeechWire.nonEmpty(form.string("model").orElse(ImageWire.DEFAULT_MODEL), "model");
        return new ImageVariationRequest(model, image, ImageWire.n(form.integer("n").orElse(1)),
                ImageWire.size(form.string("size").orElse(null)),
                form.choice("response_format", ImageWire.RESPONSE_FORMATS).orElse(null),
                form.string("user").orElse(null), fields);
    }

    private static void requireImages(List<? extends Upload> images) {
        if (images.isEmpty()) {
            throw GatewayException.invalid("image", "Missing required parameter: 'image'.");
        }
        if (images.stream().anyMatch(i -> i.size() == 0)) {
            throw GatewayException.invalid("image", "An uploaded image is empty.");
        }
    }
}
