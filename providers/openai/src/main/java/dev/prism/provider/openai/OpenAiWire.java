package dev.prism.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.api.FormField;
import dev.prism.api.ImageEditRequest;
import dev.prism.api.ImageRequest;
import dev.prism.api.ImageVariationRequest;
import dev.prism.api.MediaResponse;
import dev.prism.api.Operation;
import dev.prism.api.SpeechRequest;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.spi.MultipartBody;
import dev.prism.spi.RequestBody;
import dev.prism.spi.UpstreamResponse;
import dev.prism.spi.UsageReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAI's wire format, for providers whose upstream speaks it behind another URL scheme and
 * other credentials (Azure OpenAI): the request bodies OpenAI takes, the usage its answers carry,
 * its {@code retry-after} headers. The only public part of this module besides its factory.
 */
public final class OpenAiWire {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiWire() {}

    /**
     * The body of {@code POST /audio/speech}.
     *
     * @param model the upstream model, or null for an upstream that takes it from the URL
     */
    public static RequestBody speech(SpeechRequest request, String model) {
        ObjectNode body = JSON.createObjectNode();
        putAll(body, request.extensions());
        putModel(body, model);
        body.put("input", request.input());
        if (request.voice().custom()) {
            body.putObject("voice").put("id", request.voice().name());
        } else {
            body.put("voice", request.voice().name());
        }
        body.put("response_format", request.responseFormat().wireName());
        if (request.speed() != 1.0) {
            body.put("speed", request.speed());
        }
        if (request.instructions() != null) {
            body.put("instructions", request.instructions());
        }
        if (request.sse()) {
            body.put("stream_format", "sse");
        }
        return json(body);
    }

    /** The form of {@code POST /audio/transcriptions}, bracket-notation fields kept; {@code model} as for {@link #speech}. */
    public static MultipartBody transcription(TranscriptionRequest request, String model) {
        return MultipartBody.of(withModel(request.fields(), model), "file", request.file());
    }

    /** The form of {@code POST /audio/translations}; {@code model} as for {@link #speech}. */
    public static MultipartBody translation(TranslationRequest request, String model) {
        return MultipartBody.of(withModel(request.fields(), model), "file", request.file());
    }

    /** The body of {@code POST /images/generations}; {@code model} as for {@link #speech}. */
    public static RequestBody imageGeneration(ImageRequest request, String model) {
        ObjectNode body = JSON.createObjectNode();
        putAll(body, request.extensions());
        putModel(body, model);
        body.put("prompt", request.prompt());
        body.put("n", request.n());
        putIfSet(body, "size", request.size());
        putIfSet(body, "quality", request.quality());
        putIfSet(body, "style", request.style());
        putIfSet(body, "response_format", request.responseFormat());
        putIfSet(body, "user", request.user());
        putIfSet(body, "output_format", request.outputFormat());
        if (request.outputCompression() != null) {
            body.put("output_compression", request.outputCompression());
        }
        putIfSet(body, "background", request.background());
        putIfSet(body, "moderation", request.moderation());
        if (request.stream()) {
            body.put("stream", true);
        }
        if (request.partialImages() != null) {
            body.put("partial_images", request.partialImages());
        }
        return json(body);
    }

    /**
     * The form of {@code POST /images/edits}: every text field in the order the client sent it (the
     * model replaced where it stood), then the images in order under the name the client used
     * ({@code image} or {@code image[]}), then the mask. {@code model} as for {@link #speech}.
     */
    public static MultipartBody imageEdit(ImageEditRequest request, String model) {
        List<MultipartBody.FilePart> files = new ArrayList<>();
        request.images().forEach(image -> files.add(new MultipartBody.FilePart(request.imageField(), image)));
        if (request.mask() != null) {
            files.add(new MultipartBody.FilePart("mask", request.mask()));
        }
        return MultipartBody.of(modelInPlace(request.fields(), model), files);
    }

    /** The form of {@code POST /images/variations}, as {@link #imageEdit}. */
    public static MultipartBody imageVariation(ImageVariationRequest request, String model) {
        return MultipartBody.of(modelInPlace(request.fields(), model),
                List.of(new MultipartBody.FilePart("image", request.image())));
    }

    /**
     * The answer with the usage it carries in OpenAI's format reported to {@code report} as it
     * passes (a small JSON answer is read whole first). See {@code docs/providers.md}, Reporting usage.
     *
     * @throws dev.prism.spi.ProviderException when a JSON answer read whole broke off: it can still fail over
     */
    public static MediaResponse reportingUsage(String provider, MediaResponse answer, Operation operation,
            UsageReport report) {
        return new UsageTap(provider).tap(answer, operation, report);
    }

    /** {@code retry-after-ms} (milliseconds, may be fractional) first, then {@code retry-after} (seconds). */
    public static Optional<Duration> retryAfter(UpstreamResponse response) {
        return OpenAiEndpoint.retryAfter(response);
    }

    private static void putModel(ObjectNode body, String model) {
        if (model != null) {
            body.put("model", model);
        } else {
            body.remove("model");
        }
    }

    /**
     * The client's fields in the client's order, the model's value replaced where the client put it
     * (first when it sent none), or removed for an upstream that takes it from the URL.
     */
    private static List<FormField> withModel(List<FormField> fields, String model) {
        List<FormField> out = new ArrayList<>(fields.size() + 1);
        boolean placed = false;
        for (FormField field : fields) {
            if (!field.name().equals("model")) {
                out.add(field);
            } else if (model != null && !placed) {
                out.add(new FormField("model", model));
                placed = true;
            }
        }
        if (model != null && !placed) {
            out.addFirst(new FormField("model", model));
        }
        return out;
    }

    /** The fields with the model replaced where the client put it, or first when it sent none. */
    private static List<FormField> modelInPlace(List<FormField> fields, String model) {
        List<FormField> out = new ArrayList<>(fields.size() + 1);
        boolean sent = fields.stream().anyMatch(f -> f.name().equals("model"));
        if (model != null && !sent) {
            out.add(new FormField("model", model));
        }
        for (FormField f : fields) {
            if (!f.name().equals("model")) {
                out.add(f);
            } else if (model != null) {
                out.add(new FormField("model", model));
            }
        }
        return out;
    }

    private static void putAll(ObjectNode body, Map<String, Object> values) {
        values.forEach((key, value) -> body.set(key, JSON.valueToTree(value)));
    }

    private static void putIfSet(ObjectNode body, String key, String value) {
        if (value != null) {
            body.put(key, value);
        }
    }

    private static RequestBody json(ObjectNode body) {
        try {
            return RequestBody.of("application/json", JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
