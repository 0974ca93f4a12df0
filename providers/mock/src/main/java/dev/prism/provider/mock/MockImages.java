package dev.prism.provider.mock;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.api.GatewayException;
import dev.prism.api.ImageRequest;
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
 * Image generation for the mock: {@code n} PNGs of the requested size in OpenAI's images JSON,
 * inline as base64 or as links the host serves for an hour, like OpenAI's own. Requests OpenAI
 * refuses (two images from dall-e-3, a size the model does not offer) get OpenAI's 400; see
 * {@link ImageModel}.
 *
 * <p>GPT image models answer as OpenAI's do: always base64, with size, quality, format and token
 * usage. A streaming request gets one {@code image_generation.completed} event per image and no
 * partial images.
 *
 * <p>Images are drawn one at a time as the body is read, so an answer of ten large images holds
 * one of them in memory at a time, never all ten.
 */
final class MockImages {
    static final int MAX_IMAGES = 10;
    static final Duration URL_LIFETIME = Duration.ofHours(1);

    private static final String PNG = "image/png";
    private static final int CHARACTERS_PER_TOKEN = 4;
    private static final int PIXELS_PER_OUTPUT_TOKEN = 1000; // about 1056 tokens for 1024x1024, as OpenAI's medium

    private final Clock clock;
    private final MediaPublisher media;

    MockImages(Clock clock, MediaPublisher media) {
        this.clock = clock;
        this.media = media;
    }

    MediaResponse generate(ImageRequest request, String upstreamModel) {
        ImageModel model = ImageModel.of(upstreamModel);
        int count = model.imageCount(request.n());
        ImageSize size = model.size(request.size());
        if (request.outputFormat() != null && !request.outputFormat().equals("png")) {
            throw GatewayException.invalid("output_format", "The mock provider draws only png images, not "
                    + request.outputFormat() + ".");
        }
        boolean gptImage = upstreamModel.toLowerCase(Locale.ROOT).startsWith("gpt-image");
        long created = clock.instant().getEpochSecond();
        IntFunction<byte[]> image = i -> PromptImage.of(request.prompt(), i).png(size);
        if (request.stream()) {
            return new MediaResponse("text/event-stream", -1, new ChunkInputStream(IntStream.range(0, count)
                    .mapToObj(i -> completedEvent(request, size, created, image.apply(i)))));
        }
        boolean inline = gptImage || request.wantsBase64();
        ObjectNode head = MockJson.object().put("created", created);
        if (gptImage) {
            describe(head, request, size);
            usage(head, request, size, count);
        }
        Stream<JsonChunks.Part> entries = IntStream.range(0, count)
                .<JsonChunks.Part>mapToObj(i -> json -> entry(json, request, image.apply(i), inline));
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
    private void entry(JsonGenerator json, ImageRequest request, byte[] png, boolean inline) throws IOException {
        json.writeStartObject();
        json.writeStringField("revised_prompt", request.prompt());
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

    private static byte[] completedEvent(ImageRequest request, ImageSize size, long created, byte[] png) {
        ObjectNode json = MockJson.object()
                .put("type", "image_generation.completed")
                .put("b64_json", png)
                .put("created_at", created);
        describe(json, request, size);
        usage(json, request, size, 1);
        return ServerSentEvent.named("image_generation.completed", json);
    }

    private static void describe(ObjectNode json, ImageRequest request, ImageSize size) {
        // The gradient is always opaque, whatever background was asked for.
        json.put("background", "opaque")
                .put("output_format", "png")
                .put("quality", request.quality() == null || request.quality().equals("auto")
                        ? "medium" // "auto" is a request value; OpenAI's answer names what it chose
                        : request.quality())
                .put("size", size.toString());
    }

    private static void usage(ObjectNode json, ImageRequest request, ImageSize size, int images) {
        long inputTokens = Math.max(1, (request.prompt().length() + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN);
        long pixels = (long) size.width() * size.height();
        long outputTokens = images * ((pixels + PIXELS_PER_OUTPUT_TOKEN - 1) / PIXELS_PER_OUTPUT_TOKEN);
        ObjectNode usage = json.putObject("usage").put("input_tokens", inputTokens);
        usage.putObject("input_tokens_details")
                .put("text_tokens", inputTokens)
                .put("image_tokens", 0);
        usage.put("output_tokens", outputTokens)
                .put("total_tokens", inputTokens + outputTokens);
    }
}
