package dev.prism.http.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.GatewayException;
import dev.prism.api.ImageRequest;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/images/generations}: OpenAI's JSON body to an {@link ImageRequest}. Limits that
 * hold for every model are checked here; limits of one model family (dall-e-3 makes one image) are
 * the upstream's to enforce, since an alias may point at any model.
 */
public final class ImageWire {
    /** The model when the client names none, as OpenAI chooses it: dall-e-2 ... */
    public static final String DEFAULT_MODEL = "dall-e-2";
    /** ... unless the request uses a parameter only the GPT image models take. */
    public static final String DEFAULT_GPT_IMAGE_MODEL = "gpt-image-1";
    static final Set<String> GPT_IMAGE_ONLY =
            Set.of("background", "moderation", "output_format", "output_compression", "partial_images");
    static final Set<String> QUALITIES = Set.of("standard", "hd", "low", "medium", "high", "auto");
    static final Set<String> RESPONSE_FORMATS = Set.of("url", "b64_json");
    static final Set<String> OUTPUT_FORMATS = Set.of("png", "jpeg", "webp");
    static final Set<String> BACKGROUNDS = Set.of("transparent", "opaque", "auto");
    static final int MAX_PROMPT = 32000;
    private static final Pattern SIZE = Pattern.compile("auto|[1-9][0-9]{1,4}x[1-9][0-9]{1,4}");
    private static final Set<String> KNOWN = Set.of("model", "prompt", "n", "size", "quality", "style",
            "response_format", "user", "output_format", "output_compression", "background", "moderation", "stream",
            "partial_images");

    private final ObjectMapper mapper;

    public ImageWire(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ImageRequest parse(JsonNode body) {
        JsonFields f = new JsonFields(body);
        String prompt = prompt(f.requiredString("prompt"));
        String model = SpeechWire.nonEmpty(f.string("model").orElseGet(() -> GPT_IMAGE_ONLY.stream()
                .anyMatch(p -> f.raw(p).isPresent()) ? DEFAULT_GPT_IMAGE_MODEL : DEFAULT_MODEL), "model");
        int n = n(f.integer("n").orElse(1));
        String size = size(f.string("size").orElse(null));
        String quality = f.choice("quality", QUALITIES).orElse(null);
        String style = f.choice("style", Set.of("vivid", "natural")).orElse(null);
        String responseFormat = f.choice("response_format", RESPONSE_FORMATS).orElse(null);
        String user = f.string("user").orElse(null);
        String outputFormat = f.choice("output_format", OUTPUT_FORMATS).orElse(null);
        Integer compression = outputCompression(f.integer("output_compression").orElse(null));
        String background = f.choice("background", BACKGROUNDS).orElse(null);
        String moderation = f.choice("moderation", Set.of("low", "auto")).orElse(null);
        boolean stream = f.bool("stream").orElse(false);
        Integer partialImages = partialImages(f.integer("partial_images").orElse(null));
        return ImageRequest.builder(model, prompt).n(n).size(size).quality(quality).style(style)
                .responseFormat(responseFormat).user(user).outputFormat(outputFormat).outputCompression(compression)
                .background(background).moderation(moderation).stream(stream).partialImages(partialImages)
                .extensions(f.others(KNOWN, mapper)).build();
    }

    static String prompt(String prompt) {
        if (prompt.isBlank()) {
            throw GatewayException.invalid("prompt", "'prompt' must not be empty.");
        }
        if (prompt.codePointCount(0, prompt.length()) > MAX_PROMPT) {
            throw GatewayException.invalid("prompt", "string_above_max_length",
                    "Invalid 'prompt': string too long. Expected a string with maximum length " + MAX_PROMPT + ".");
        }
        return prompt;
    }

    static int n(int n) {
        if (n < 1 || n > 10) {
            throw GatewayException.invalid("n", "invalid_value", "Invalid 'n': " + n + " is not between 1 and 10.");
        }
        return n;
    }

    /** @param size or null */
    static String size(String size) {
        if (size != null && !SIZE.matcher(size).matches()) {
            throw GatewayException.invalid("size", "invalid_value",
                    "Invalid 'size': '" + size + "'. Expected 'auto' or WIDTHxHEIGHT such as '1024x1024'.");
        }
        return size;
    }

    /** @param compression or null */
    static Integer outputCompression(Integer compression) {
        if (compression != null && (compression < 0 || compression > 100)) {
            throw GatewayException.invalid("output_compression", "invalid_value",
                    "Invalid 'output_compression': " + compression + " is not between 0 and 100.");
        }
        return compression;
    }

    /** @param partialImages or null */
    static Integer partialImages(Integer partialImages) {
        if (partialImages != null && (partialImages < 0 || partialImages > 3)) {
            throw GatewayException.invalid("partial_images", "invalid_value",
                    "Invalid 'partial_images': " + partialImages + " is not between 0 and 3.");
        }
        return partialImages;
    }
}
