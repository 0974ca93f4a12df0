package dev.prism.provider.mock;

import dev.prism.api.GatewayException;
import dev.prism.api.ImageRequest;
import dev.prism.api.MediaResponse;
import dev.prism.spi.MediaPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
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
        JsonWriter head = new JsonWriter().beginObject().field("created", created);
        if (gptImage) {
            describe(head, request, size);
            usage(head, request, size, count);
        }
        head.name("data").beginArray();
        Stream<byte[]> entries = IntStream.range(0, count)
                .boxed()
                .flatMap(i -> entry(request, image.apply(i), inline, i == 0));
        Stream<byte[]> body = Stream.concat(Stream.concat(Stream.of(utf8(head.toString())), entries), Stream.of(utf8("]}")));
        MediaResponse answer = new MediaResponse("application/json", -1, new ChunkInputStream(body));
        return inline ? answer : answer.linkingPublishedMedia();
    }

    /** One element of {@code data} in chunks: the image inline, or published and linked. */
    private Stream<byte[]> entry(ImageRequest request, byte[] png, boolean inline, boolean first) {
        JsonWriter json = new JsonWriter().beginObject().field("revised_prompt", request.prompt());
        String separator = first ? "" : ",";
        if (!inline) {
            json.field("url", media.publish(png, PNG, URL_LIFETIME).toString());
            return Stream.of(utf8(separator + json.endObject()));
        }
        // The base64 goes out as encoded, not copied through a string: its alphabet needs no escaping.
        return Stream.of(utf8(separator + json.name("b64_json").toString() + "\""), Base64.getEncoder().encode(png), utf8("\"}"));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] completedEvent(ImageRequest request, ImageSize size, long created, byte[] png) {
        JsonWriter json = new JsonWriter().beginObject()
                .field("type", "image_generation.completed")
                .field("b64_json", Base64.getEncoder().encodeToString(png))
                .field("created_at", created);
        describe(json, request, size);
        usage(json, request, size, 1);
        return ServerSentEvent.named("image_generation.completed", json.endObject());
    }

    private static void describe(JsonWriter json, ImageRequest request, ImageSize size) {
        // The gradient is always opaque, whatever background was asked for.
        json.field("background", "opaque")
                .field("output_format", "png")
                .field("quality", request.quality() == null || request.quality().equals("auto")
                        ? "medium" // "auto" is a request value; OpenAI's answer names what it chose
                        : request.quality())
                .field("size", size.toString());
    }

    private static void usage(JsonWriter json, ImageRequest request, ImageSize size, int images) {
        long inputTokens = Math.max(1, (request.prompt().length() + CHARACTERS_PER_TOKEN - 1) / CHARACTERS_PER_TOKEN);
        long pixels = (long) size.width() * size.height();
        long outputTokens = images * ((pixels + PIXELS_PER_OUTPUT_TOKEN - 1) / PIXELS_PER_OUTPUT_TOKEN);
        json.name("usage").beginObject()
                .field("input_tokens", inputTokens)
                .name("input_tokens_details").beginObject()
                .field("text_tokens", inputTokens)
                .field("image_tokens", 0)
                .endObject()
                .field("output_tokens", outputTokens)
                .field("total_tokens", inputTokens + outputTokens)
                .endObject();
    }
}
