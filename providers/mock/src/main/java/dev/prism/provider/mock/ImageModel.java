package dev.prism.provider.mock;

import dev.prism.api.GatewayException;
import java.util.List;
import java.util.Locale;

/**
 * The image models the mock knows, with what OpenAI accepts for each: how many images a request
 * may ask for and which sizes. A request OpenAI refuses with a 400 is refused by the mock with the
 * same 400, so a client tested against the mock meets OpenAI's limits before production does.
 * Models the mock does not know (newer ones, an operator's own names) get its lenient rules: up to
 * {@value MockImages#MAX_IMAGES} images of any size up to {@value ImageSize#MAX_SIDE} pixels a side.
 */
enum ImageModel {
    DALL_E_2(MockImages.MAX_IMAGES, List.of("256x256", "512x512", "1024x1024")),
    DALL_E_3(1, List.of("1024x1024", "1792x1024", "1024x1792")),
    /** gpt-image-1, gpt-image-1-mini, gpt-image-1.5. */
    GPT_IMAGE_1(MockImages.MAX_IMAGES, List.of("1024x1024", "1536x1024", "1024x1536", "auto")),
    /** Any size whose sides are multiples of 16, up to 3840x2160 (either way round), or auto. */
    GPT_IMAGE_2(MockImages.MAX_IMAGES, List.of()),
    UNKNOWN(MockImages.MAX_IMAGES, List.of());

    private static final int GPT_IMAGE_2_STEP = 16;
    private static final int GPT_IMAGE_2_LONG_SIDE = 3840;
    private static final int GPT_IMAGE_2_SHORT_SIDE = 2160;

    private final int maxImages;
    /** The sizes a request may name, empty when any size in the model's bounds will do. */
    private final List<String> offeredSizes;

    ImageModel(int maxImages, List<String> offeredSizes) {
        this.maxImages = maxImages;
        this.offeredSizes = offeredSizes;
    }

    /** The rules for the model the request goes to upstream (the target's model, not the alias). */
    static ImageModel of(String upstreamModel) {
        String model = upstreamModel.toLowerCase(Locale.ROOT);
        if (model.equals("dall-e-2")) {
            return DALL_E_2;
        }
        if (model.equals("dall-e-3")) {
            return DALL_E_3;
        }
        if (model.startsWith("gpt-image-1")) {
            return GPT_IMAGE_1;
        }
        if (model.startsWith("gpt-image-2")) {
            return GPT_IMAGE_2;
        }
        return UNKNOWN;
    }

    /**
     * @throws GatewayException {@code INVALID_REQUEST} on {@code n} when the model makes fewer
     */
    int imageCount(int n) {
        if (n < 1 || n > MockImages.MAX_IMAGES) {
            throw GatewayException.invalid("n", "n must be between 1 and " + MockImages.MAX_IMAGES + ", got " + n
                    + ".");
        }
        if (n > maxImages) {
            // OpenAI's words for dall-e-3.
            throw GatewayException.invalid("n", "You must provide n=1 for this model.");
        }
        return n;
    }

    /**
     * The size a request asks of this model; 1024x1024 when it names none (or {@code auto}, where
     * the model accepts it).
     *
     * @throws GatewayException {@code INVALID_REQUEST} on {@code size} when the model does not offer it
     */
    ImageSize size(String requested) {
        if (!offeredSizes.isEmpty()) {
            String size = requested == null ? ImageSize.DEFAULT.toString() : requested;
            if (!offeredSizes.contains(size)) {
                throw GatewayException.invalid("size", "invalid_value", "Invalid value: '" + size
                        + "'. Supported values are: " + quoted(offeredSizes) + ".");
            }
            return ImageSize.parse(size);
        }
        ImageSize size = ImageSize.parse(requested);
        if (this == GPT_IMAGE_2 && requested != null && !requested.equals("auto") && !fitsGptImage2(size)) {
            throw GatewayException.invalid("size", "invalid_value", "Invalid value: '" + requested
                    + "'. Sides must be multiples of " + GPT_IMAGE_2_STEP + ", at most " + GPT_IMAGE_2_LONG_SIDE + "x"
                    + GPT_IMAGE_2_SHORT_SIDE + " either way round, or 'auto'.");
        }
        return size;
    }

    /**
     * @throws GatewayException {@code INVALID_REQUEST} on {@code model} for the models OpenAI makes no
     *     variations with (all it knows but dall-e-2); models the mock does not know may
     */
    void requireVariations(String upstreamModel) {
        if (this != DALL_E_2 && this != UNKNOWN) {
            throw GatewayException.invalid("model", "invalid_value", "Invalid value: '" + upstreamModel
                    + "'. Value must be 'dall-e-2'.");
        }
    }

    private static boolean fitsGptImage2(ImageSize size) {
        int longSide = Math.max(size.width(), size.height());
        int shortSide = Math.min(size.width(), size.height());
        return size.width() % GPT_IMAGE_2_STEP == 0 && size.height() % GPT_IMAGE_2_STEP == 0
                && longSide <= GPT_IMAGE_2_LONG_SIDE && shortSide <= GPT_IMAGE_2_SHORT_SIDE;
    }

    private static String quoted(List<String> values) {
        List<String> quoted = values.stream().map(v -> "'" + v + "'").toList();
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and " + quoted.getLast();
    }
}
