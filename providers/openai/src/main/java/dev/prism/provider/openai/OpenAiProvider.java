package dev.prism.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.api.FormField;
import dev.prism.api.ImageRequest;
import dev.prism.api.MediaResponse;
import dev.prism.api.SpeechRequest;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.TranslationRequest;
import dev.prism.spi.CallContext;
import dev.prism.spi.ImageGeneration;
import dev.prism.spi.MultipartBody;
import dev.prism.spi.Provider;
import dev.prism.spi.RequestBody;
import dev.prism.spi.SpeechSynthesis;
import dev.prism.spi.Transcription;
import dev.prism.spi.Translation;
import java.util.List;
import java.util.Map;

/**
 * Speaks OpenAI's own API, so the request goes out nearly as it came in: the model becomes the
 * target's upstream model, fields Prism does not model pass through, and forms keep their
 * bracket-notation fields. The usage OpenAI reports in its answers goes to the call's
 * {@link CallContext#usage()} ({@link UsageTap}).
 */
final class OpenAiProvider implements Provider, SpeechSynthesis, Transcription, Translation, ImageGeneration {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final OpenAiEndpoint endpoint;
    private final UsageTap usage;

    OpenAiProvider(String name, OpenAiEndpoint endpoint) {
        this.name = name;
        this.endpoint = endpoint;
        this.usage = new UsageTap(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public MediaResponse synthesize(SpeechRequest request, CallContext call) {
        ObjectNode body = JSON.createObjectNode();
        putAll(body, request.extensions());
        body.put("model", call.upstreamModel());
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
        return usage.tap(endpoint.post("/audio/speech", json(body), call, request.contentType()), request.operation(),
                call.usage());
    }

    @Override
    public MediaResponse transcribe(TranscriptionRequest request, CallContext call) {
        MultipartBody body = MultipartBody.of(withModel(request.fields(), call.upstreamModel()), "file", request.file());
        return usage.tap(endpoint.post("/audio/transcriptions", body, call, request.contentType()),
                request.operation(), call.usage());
    }

    @Override
    public MediaResponse translate(TranslationRequest request, CallContext call) {
        MultipartBody body = MultipartBody.of(withModel(request.fields(), call.upstreamModel()), "file", request.file());
        return usage.tap(endpoint.post("/audio/translations", body, call, request.contentType()),
                request.operation(), call.usage());
    }

    @Override
    public MediaResponse generate(ImageRequest request, CallContext call) {
        ObjectNode body = JSON.createObjectNode();
        putAll(body, request.extensions());
        body.put("model", call.upstreamModel());
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
        return usage.tap(endpoint.post("/images/generations", json(body), call, request.contentType()),
                request.operation(), call.usage());
    }

    private static List<FormField> withModel(List<FormField> fields, String model) {
        List<FormField> out = new java.util.ArrayList<>(fields.size() + 1);
        out.add(new FormField("model", model));
        fields.stream().filter(f -> !f.name().equals("model")).forEach(out::add);
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
