package dev.prism.provider.mock;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.api.GatewayException;
import dev.prism.api.ImageEditRequest;
import dev.prism.api.ImageRequest;
import dev.prism.api.ImageVariationRequest;
import dev.prism.api.MediaResponse;
import dev.prism.spi.MediaPublisher;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Images for the mock: {@code n} PNGs of the requested size in OpenAI's images JSON, inline as
 * base64 or as links the host serves for an hour, like OpenAI's own. Requests OpenAI refuses (two
 * images from dall-e-3, a size the model does not offer, a variation from anything but dall-e-2)
 * get OpenAI's 400; see {@link ImageModel}.
 *
 * <p>A generation is drawn from its prompt; an edit from its prompt and the hashes of its images
 * and mask, in order, so that changing any input changes the picture; a variation from the hash of
 * its image. The same inputs always give the same image.
 *
 * <p>GPT image models answer as OpenAI's do: always base64, with size, quality, format and token
 * usage (an edit's input images counted as image tokens). A streaming request gets one
 * {@code image_generation.completed} (or {@code image_edit.completed}) event per image and no
 * partial images.
 *
 * <p>Images are drawn one at a time as the body is read, so an answer of ten large images holds
 * one of them in memory at a time, never all ten.
 */
final class MockImages {
    static final int MAX_IMAGES = 10;
    static final Duration URL_LIFETIME = Duration.ofHours(1);
    /** What each input image of an edit counts as, in image tokens: OpenAI's figure for a 512x512 tile. */
    static final int INPUT_IMAGE_TOKENS = 85;

    private static final String PNG = "image/png";
    private static final int CHARACTERS_PER_TOKEN = 4;
    private static final int PIXELS_PER_OUTPUT_TOKEN = 1000; // about 1056 tokens for 1024x1024, as OpenAI's medium

    /**
     * What is asked of the mock, whichever endpoint asked it.
     *
     * @param seed the text the pictures are derived from
     * @param prompt the prompt, or null (variations have none)
     * @param events the prefix of the stream's event types: {@code image_generation} or {@code image_edit}
     * @param inputImages how many images came with the request
     */
    private record Ask(String seed, String prompt, int n, String size, String quality, String outputFormat,
            String responseFormat, boolean stream, String events, int inputImages) {
        boolean wantsBase64() {
            return "b64_json".equals(responseFormat);
        }
    }

    private final Clock clock;
    private final MediaPublisher media;

    MockImages(Clock clock, MediaPublisher media) {
        this.clock = clock;
        this.media = media;
    }

    MediaResponse generate(ImageRequest request, String upstreamModel) {
        return answer(new Ask(request.prompt(), request.prompt(), request.n(), request.size(), request.quality(),
                request.outputFormat(), request.responseFormat(), request.stream(), "image_generation", 0), upstreamModel);
    }

    MediaResponse edit(ImageEditRequest request, String upstreamModel) {
        StringBuilder seed = new StringBuilder("edit\n").append(request.prompt());
        request.images().forEach(image -> seed.append("\nimage ").append(image.sha256()));
        if (request.mask() != null) {
            seed.append("\nmask ").append(request.mask().sha256());
        }
        return answer(new Ask(seed.toString(), request.prompt(), request.n(), request.size(), request.quality(),
                request.outputFormat(), request.responseFormat(), request.stream(), "image_edit",
                request.images().size()), upstreamModel);
    }

    MediaResponse vary(ImageVariationRequest request, String upstreamModel) {
        ImageModel.of(upstreamModel).requireVariations(upstreamModel);
        return answer(new Ask("variation\n" + request.image().sha256(), null, request.n(), request.size(), null, null,
                request.responseFormat(), false, "image_variation", 1), upstreamModel);
    }

    private MediaResponse answer(Ask ask, String upstreamModel) {
        ImageModel model = ImageModel.of(upstreamModel);
        int count = model.imageCount(ask.n());
        ImageSize size = model.size(ask.size());
        if (ask.outputFormat() != null && !ask.outputFormat().equals("png")) {
            throw GatewayException.invalid("output_format", "The mock provider draws only png images, not "
                    + ask.outputFormat() + ".");
        }
        boolean gptImage = upstreamModel.toLowerCase(Locale.ROOT).startsWith("gpt-image");
        long created = clock.instant().getEpochSecond();
        IntFunction<byte[]> image = i -> PromptImage.of(ask.seed(), i).png(size);
        if (ask.stream()) {
            return new MediaResponse("text/event-stream", -1, new ChunkInputStream(IntStream.range(0, count)
                    .mapToObj(i -> completedEvent(ask, size, created, image.apply(i)))));
        }
        boolean inline = gptImage || ask.wantsBase64();
        ObjectNode head = MockJson.object().put("created", created);
        if (gptImage) {
            describe(head, ask, size);
            usage(head, ask, size, count);
        }
        Stream<JsonChunks.Part> entries = IntStream.range(0, count)
                .<JsonChunks.Part>mapToObj(i -> json -> entry(json, ask, image.apply(i), inline));
        Stream<JsonChunks.Part> body = Stream.of(
                Stream.<JsonChunks.Part>of(json -> openData(json, head)),
                entries,
                Stream.<JsonChunks.Part>of(MockImages::closeData))
                .flatMap(Function.identity());
        MediaResponse answer = new MediaResponse("application/json", -1, new ChunkInputStream(JsonChunks.of(body)));
        return inline ? answer : answer.linkingPublishedMedia();
    }

    /** The answer's fields, then the start of {@code data}. */
    private static void openData(JsonGenerator json, ObjectNode head) throws IOException {
        json.writeStartObject();
        for (Map.Entry<String, JsonNode> field : head.properties()) {
            json.writeFieldName(field.getKey());
            json.writeTree(field.getValue());
        }
        json.writeArrayFieldStart("data");
    }

    /** One element of {@code data}: the image inline, or published and linked. */
    private void entry(JsonGenerator json, Ask ask, byte[] png, boolean inline) throws IOException {
        json.writeStartObject();
        if (ask.prompt() != null) {
            json.writeStringField("revised_prompt", ask.prompt());
        }
        if (inline) {
            // Encoded straight into the generator's buffer: no base64 string of the whole image.
            json.writeFieldName("b64_json");
            json.writeBinary(png);
        } else {
            json.writeStringField("url", media.publish(png, PNG, URL_LIFETIME).toString());
        }
        json.writeEndObject();
    }

    private static void closeData(JsonGenerator json) throws IOException {
        json.writeEndArray();
        json.writeEndObject();
    }

    private static byte[] completedEvent(Ask ask, ImageSize size, long created, byte[] png) {
        String type = ask.events() + ".completed";
        ObjectNode json = MockJson.object()
                .put("type", type)
                .put("b64_json", png)
                .put("created_at", created);
        describe(json, ask, size);
        usage(json, ask, size, 1);
        return ServerSentEvent.named(type, json);
    }

    private static void describe(ObjectNode json, Ask request, ImageSize size) {
        // The gradient is always opaque, whatever background was asked for.
        json.put("background", "opaque")
                .put("output_format", "png")
                .put("quality", request.quality() == null || request.quality().equals("auto")
                        ? "medium" // "auto" is a request value; OpenAI's answer names what it chose
                        : request.quality())
                .put("size", size.toString());
    }

    private static void usage(ObjectNode json, Ask ask, ImageSize size, int images) {
        String prompt = ask.prompt() == null ? "" : ask.prompt();
        long textTokens = Math.max(1, (prompt.length() + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN);
        long imageTokens = (long) ask.inputImages() * INPUT_IMAGE_TOKENS;
        long inputTokens = textTokens + imageTokens;
        long pixels = (long) size.width() * size.height();
        long outputTokens = images * ((pixels + PIXELS_PER_OUTPUT_TOKEN - 1) / PIXELS_PER_OUTPUT_TOKEN);
        ObjectNode usage = json.putObject("usage").put("input_tokens", inputTokens);
        usage.putObject("input_tokens_details")
                .put("text_tokens", textTokens)
                .put("image_tokens", imageTokens);
        usage.put("output_tokens", outputTokens)
                .put("total_tokens", inputTokens + outputTokens);
    }
}
