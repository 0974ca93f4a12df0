package dev.prism.provider.mock;

import dev.prism.api.GatewayException;
import dev.prism.api.ImageRequest;
import dev.prism.api.MediaResponse;
import dev.prism.spi.MediaPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Image generation for the mock: {@code n} PNGs of the requested size in OpenAI's images JSON,
 * inline as base64 or as links the host serves for an hour, like OpenAI's own.
 *
 * <p>GPT image models answer as OpenAI's do: always base64, with size, quality, format and token
 * usage. A streaming request gets one {@code image_generation.completed} event per image and no
 * partial images.
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
        ImageSize size = ImageSize.parse(request.size());
        int count = imageCount(request.n());
        if (request.outputFormat() != null && !request.outputFormat().equals("png")) {
            throw GatewayException.invalid("output_format", "The mock provider draws only png images, not "
                    + request.outputFormat() + ".");
        }
        boolean gptImage = upstreamModel.toLowerCase(Locale.ROOT).startsWith("gpt-image");
        long created = clock.instant().getEpochSecond();
        List<byte[]> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            images.add(PromptImage.of(request.prompt(), i).png(size));
        }
        if (request.stream()) {
            return new MediaResponse("text/event-stream", -1,
                    new ChunkInputStream(images.stream().map(png -> completedEvent(request, size, created, png))));
        }
        boolean inline = gptImage || request.wantsBase64();
        JsonWriter json = new JsonWriter().beginObject().field("created", created).name("data").beginArray();
        for (byte[] png : images) {
            json.beginObject();
            if (inline) {
                json.field("b64_json", Base64.getEncoder().encodeToString(png));
            } else {
                json.field("url", media.publish(png, PNG, URL_LIFETIME).toString());
            }
            json.field("revised_prompt", request.prompt()).endObject();
        }
        json.endArray();
        if (gptImage) {
            describe(json, request, size);
            usage(json, request, size, count);
        }
        return MediaResponse.of("application/json", json.endObject().toString().getBytes(StandardCharsets.UTF_8));
    }

    private static int imageCount(int n) {
        if (n < 1 || n > MAX_IMAGES) {
            throw GatewayException.invalid("n", "n must be between 1 and " + MAX_IMAGES + ", got " + n + ".");
        }
        return n;
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
