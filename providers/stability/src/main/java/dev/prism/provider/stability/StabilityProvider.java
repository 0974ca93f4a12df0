package dev.prism.provider.stability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.api.FormField;
import dev.prism.api.GatewayException;
import dev.prism.api.ImageRequest;
import dev.prism.api.MediaResponse;
import dev.prism.api.ProviderAnswer;
import dev.prism.api.Secret;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.spi.CallContext;
import dev.prism.spi.HttpTransport;
import dev.prism.spi.ImageGeneration;
import dev.prism.spi.MediaPublisher;
import dev.prism.spi.Provider;
import dev.prism.spi.ProviderException;
import dev.prism.spi.UpstreamRequest;
import dev.prism.spi.UpstreamRequest.Header;
import dev.prism.spi.UpstreamResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import java.util.Set;

/**
 * Stability AI behind OpenAI's image generation: one Stability call per image ({@code n} calls
 * for {@code n} images, one after the other), each asked with {@code Accept: application/json}
 * and answered as base64, which becomes OpenAI's {@code b64_json} or a link to the bytes published
 * through the host's {@link MediaPublisher}. A filtered image is never passed on: the request
 * fails as OpenAI's 400 {@code content_policy_violation}.
 */
final class StabilityProvider implements Provider, ImageGeneration {
    static final int MAX_IMAGES = 10;
    static final Duration URL_LIFETIME = Duration.ofHours(1);
    /** An image of about one megapixel in base64 JSON stays well under this. */
    private static final int MAX_ANSWER_BYTES = 32 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The output formats Stability makes (webp only on /core). */
    private static final Set<String> OUTPUT_FORMATS = Set.of("png", "jpeg", "webp");
    /** Extension fields passed on to Stability as they came. */
    private static final List<String> PASSED_ON = List.of("negative_prompt", "seed", "style_preset", "cfg_scale");

    private final String name;
    private final URI baseUrl;
    private final List<Header> headers;
    private final HttpTransport http;
    private final Clock clock;
    private final MediaPublisher media;

    StabilityProvider(String name, URI baseUrl, Secret apiKey, HttpTransport http, Clock clock, MediaPublisher media) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.headers = List.of(new Header("Authorization", "Bearer " + apiKey.reveal()),
                new Header("Accept", "application/json"));
        this.http = http;
        this.clock = clock;
        this.media = media;
    }

    @Override
    public String name() {
        return name;
    }

    /** The endpoint for an upstream model, and the {@code model} field /sd3 needs. */
    record Route(String path, String sd3Model) {
        static Route of(String model) {
            String m = model.toLowerCase(Locale.ROOT);
            return switch (m) {
                case "ultra", "stable-image-ultra" -> new Route("/v2beta/stable-image/generate/ultra", null);
                case "core", "stable-image-core" -> new Route("/v2beta/stable-image/generate/core", null);
                default -> new Route("/v2beta/stable-image/generate/sd3", model);
            };
        }

        boolean core() {
            return path.endsWith("/core");
        }
    }

    @Override
    public ProviderAnswer generate(ImageRequest request, CallContext call) {
        Route route = Route.of(call.upstreamModel());
        List<FormField> fields = fields(request, route);
        String mediaType = "image/" + (request.outputFormat() == null ? "png" : request.outputFormat());
        boolean inline = request.wantsBase64();
        ObjectNode answer = JSON.createObjectNode().put("created", clock.instant().getEpochSecond());
        ArrayNode data = answer.putArray("data");
        for (int i = 0; i < request.n(); i++) {
            byte[] image = generateOne(route, fields, call);
            if (inline) {
                data.addObject().put("b64_json", image);
            } else {
                data.addObject().put("url", media.publish(image, mediaType, URL_LIFETIME).toString());
            }
        }
        call.usage().report(Usage.of(UsageUnit.IMAGES, request.n()));
        try {
            MediaResponse response = MediaResponse.of("application/json", JSON.writeValueAsBytes(answer));
            return inline ? response : response.linkingPublishedMedia();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks the request against what Stability can do and writes its form fields. */
    private static List<FormField> fields(ImageRequest request, Route route) {
        if (request.n() < 1 || request.n() > MAX_IMAGES) {
            throw GatewayException.invalid("n", "invalid_value", "n must be from 1 to " + MAX_IMAGES + "; got " + request.n() + ".");
        }
        if (request.stream()) {
            throw GatewayException.invalid("stream", "invalid_value", "Stability does not stream images; leave stream unset.");
        }
        if (request.background() != null && !request.background().equals("auto") && !request.background().equals("opaque")) {
            throw GatewayException.invalid("background", "invalid_value", "Stability makes only opaque images; got background '"
                    + request.background() + "'.");
        }
        String format = request.outputFormat();
        if (format != null && (!OUTPUT_FORMATS.contains(format) || (format.equals("webp") && !route.core()))) {
            throw GatewayException.invalid("output_format", "invalid_value", "This model makes png or jpeg"
                    + (route.core() ? " or webp" : "") + " images, not " + format + ".");
        }
        if (request.prompt().isBlank() || request.prompt().length() > 10_000) {
            throw GatewayException.invalid("prompt", "invalid_value", "prompt must have 1 to 10000 characters for Stability.");
        }
        List<FormField> fields = new ArrayList<>();
        fields.add(new FormField("prompt", request.prompt()));
        fields.add(new FormField("aspect_ratio", AspectRatio.forSize(request.size()).toString()));
        fields.add(new FormField("output_format", format == null ? "png" : format));
        if (route.sd3Model() != null) {
            fields.add(new FormField("model", route.sd3Model()));
        }
        // quality and style have no Stability counterpart and are left out (docs/providers/stability.md).
        for (String key : PASSED_ON) {
            Object value = request.extensions().get(key);
            if (value instanceof String || value instanceof Number) {
                fields.add(new FormField(key, value.toString()));
            }
        }
        return fields;
    }

    private byte[] generateOne(Route route, List<FormField> fields, CallContext call) {
        UpstreamRequest request = new UpstreamRequest("POST", URI.create(baseUrl + route.path()), headers,
                FormBody.of(fields), call.timeout(), call.idleTimeout());
        UpstreamResponse response;
        try {
            response = http.send(request);
        } catch (SocketTimeoutException e) {
            throw ProviderException.timedOut("Provider '" + name + "' did not answer within "
                    + call.timeout().toMillis() + " ms", e);
        } catch (IOException e) {
            throw ProviderException.failed("Provider '" + name + "' could not be reached: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
        try (response) {
            if (response.status() < 200 || response.status() >= 300) {
                throw StabilityErrors.read(name, response);
            }
            JsonNode answer;
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
                if (bytes.length > MAX_ANSWER_BYTES) {
                    throw ProviderException.failed("Provider '" + name + "' sent an image answer over "
                            + MAX_ANSWER_BYTES + " bytes", null);
                }
                answer = JSON.readTree(bytes);
            } catch (IOException e) {
                throw ProviderException.failed("Provider '" + name + "' sent an unreadable image answer: "
                        + e.getClass().getSimpleName(), e);
            }
            String finish = answer == null ? null : answer.path("finish_reason").asText(null);
            if ("CONTENT_FILTERED".equals(finish)) {
                // The image is blurred: never passed on.
                throw StabilityErrors.contentPolicy(name, response.status());
            }
            if (answer == null || !answer.path("image").isTextual()) {
                throw ProviderException.failed("Provider '" + name + "' sent an image answer without an image", null);
            }
            try {
                return Base64.getDecoder().decode(answer.path("image").textValue());
            } catch (IllegalArgumentException e) {
                throw ProviderException.failed("Provider '" + name + "' sent an image that is not base64", e);
            }
        }
    }

}
