package dev.prism.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.api.MediaRequest;
import dev.prism.api.Operation;
import dev.prism.api.SpeechRequest;
import dev.prism.core.keys.VirtualKey;
import dev.prism.core.pipeline.GatewayResponse;
import dev.prism.core.pipeline.MediaGateway;
import dev.prism.core.record.CallRecord;
import dev.prism.core.routing.ModelRoute;
import dev.prism.core.upload.SpooledUpload;
import dev.prism.core.upload.UploadSpooler;
import dev.prism.http.openai.ImageFormWire;
import dev.prism.http.openai.ImageWire;
import dev.prism.http.openai.SpeechWire;
import dev.prism.http.openai.TranscriptionWire;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** The OpenAI-compatible routes: wire to domain at the edge, the use case, domain to wire back. */
final class OpenAiRoutes {
    private final MediaGateway gateway;
    private final UploadSpooler spooler;
    private final ObjectMapper mapper;
    private final JsonBodyReader json = new JsonBodyReader();
    private final SpeechWire speech;
    private final ImageWire images;
    private final TranscriptionWire transcriptions = new TranscriptionWire();
    private final ImageFormWire imageForms = new ImageFormWire();
    private final MediaResponseWriter writer;
    private final GuardedHandlers guarded;
    private final RequestsInFlight inFlight;
    private final long maxFormFieldsBytes;
    private final long maxImageEditBytes;
    private final long createdEpochSeconds;

    /** @param maxImageEditBytes the most the files of one image edit may hold together */
    OpenAiRoutes(MediaGateway gateway, UploadSpooler spooler, ObjectMapper mapper, GuardedHandlers guarded,
            RecordHeaders recordHeaders, RequestsInFlight inFlight, long maxFormFieldsBytes, long maxImageEditBytes,
            Instant started) {
        this.gateway = gateway;
        this.spooler = spooler;
        this.inFlight = inFlight;
        this.maxFormFieldsBytes = maxFormFieldsBytes;
        this.maxImageEditBytes = maxImageEditBytes;
        this.mapper = mapper;
        this.speech = new SpeechWire(mapper);
        this.images = new ImageWire(mapper);
        this.writer = new MediaResponseWriter(mapper, recordHeaders);
        this.guarded = guarded;
        this.createdEpochSeconds = started.getEpochSecond();
    }

    void register(HttpRouting.Builder routing) {
        routing.post("/v1/audio/speech", media((req, res, record) -> speech(req, res, record, false)))
                .post("/v1/audio/speech/stream", media((req, res, record) -> speech(req, res, record, true)))
                .post("/v1/audio/transcriptions", media(this::transcription))
                .post("/v1/audio/translations", media(this::translation))
                .post("/v1/images/generations", media(this::image))
                .post("/v1/images/edits", media(this::imageEdit))
                .post("/v1/images/variations", media(this::imageVariation))
                .get("/v1/models", api(this::models))
                .get("/v1/models/*", api(this::model));
    }

    private Handler api(GuardedHandlers.Route route) {
        return guarded.of(inFlight.counted(route));
    }

    private Handler media(GuardedHandlers.RecordedRoute route) {
        return guarded.recorded(inFlight::counted, route);
    }

    private VirtualKey authenticate(ServerRequest req) {
        return gateway.authenticate(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
    }

    private VirtualKey authenticate(ServerRequest req, CallRecord record) {
        VirtualKey key = authenticate(req);
        record.key(key.name());
        return key;
    }

    private void speech(ServerRequest req, ServerResponse res, CallRecord record, boolean streamingRoute) {
        record.endpoint(Operation.SPEECH);
        VirtualKey key = authenticate(req, record);
        JsonBodyReader.Body body = json.read(req);
        serve(req, res, record, key, speech.parse(body.json(), streamingRoute), body.size());
    }

    private void image(ServerRequest req, ServerResponse res, CallRecord record) {
        record.endpoint(Operation.IMAGE);
        VirtualKey key = authenticate(req, record);
        JsonBodyReader.Body body = json.read(req);
        serve(req, res, record, key, images.parse(body.json()), body.size());
    }

    private void transcription(ServerRequest req, ServerResponse res, CallRecord record) {
        record.endpoint(Operation.TRANSCRIPTION);
        VirtualKey key = authenticate(req, record);
        try (ReceivedForm form = receiveForm(req, ReceivedForm.oneFile(spooler), spooler.maxBytes(), spooler::tooLarge)) {
            serve(req, res, record, key, transcriptions.transcription(form.fields(), form.file()), form.size());
        }
    }

    private void translation(ServerRequest req, ServerResponse res, CallRecord record) {
        record.endpoint(Operation.TRANSLATION);
        VirtualKey key = authenticate(req, record);
        try (ReceivedForm form = receiveForm(req, ReceivedForm.oneFile(spooler), spooler.maxBytes(), spooler::tooLarge)) {
            serve(req, res, record, key, transcriptions.translation(form.fields(), form.file()), form.size());
        }
    }

    private void imageEdit(ServerRequest req, ServerResponse res, CallRecord record) {
        record.endpoint(Operation.IMAGE_EDIT);
        VirtualKey key = authenticate(req, record);
        try (ReceivedForm form = receiveForm(req, ImageUploads.edit(spooler, maxImageEditBytes), maxImageEditBytes,
                () -> ImageUploads.editTooLarge(maxImageEditBytes))) {
            serve(req, res, record, key, imageForms.edit(form.fields(), ImageUploads.imageField(form),
                    ImageUploads.images(form), ImageUploads.mask(form)), form.size());
        }
    }

    private void imageVariation(ServerRequest req, ServerResponse res, CallRecord record) {
        record.endpoint(Operation.IMAGE_VARIATION);
        VirtualKey key = authenticate(req, record);
        try (ReceivedForm form = receiveForm(req, ImageUploads.variation(spooler), spooler.maxBytes(),
                () -> ImageUploads.variationTooLarge(spooler))) {
            List<SpooledUpload> images = ImageUploads.images(form);
            serve(req, res, record, key, imageForms.variation(form.fields(), images.isEmpty() ? null : images.getFirst()),
                    form.size());
        }
    }

    private void serve(ServerRequest req, ServerResponse res, CallRecord record, VirtualKey key, MediaRequest request,
            long bodyBytes) {
        record.request(request.operation(), request.model(), bodyBytes);
        GatewayResponse answer = ClientDisconnectWatch.whileWaiting(req, res, record.requestId(),
                () -> gateway.serve(record, key, request, CacheHeaders.directives(req)));
        // Speech is labelled by the requested format whatever the provider said (players go by it);
        // other answers by the provider, which knows when an upstream declined to stream.
        String contentType = request instanceof SpeechRequest ? request.contentType() : answer.media().contentType();
        writer.write(res, answer, contentType, record.requestId());
    }

    /**
     * @param maxFileBytes the most the form's files may hold together
     * @param tooLarge the refusal of a body that announces more than that, unread
     */
    private ReceivedForm receiveForm(ServerRequest req, ReceivedForm.FileParts fileParts, long maxFileBytes,
            Supplier<GatewayException> tooLarge) {
        String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        if (!MediaTypes.isMultipartForm(contentType)) {
            throw new GatewayException(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "Unsupported Content-Type '" + contentType
                    + "': this endpoint takes multipart/form-data.", null, "unsupported_media_type");
        }
        long declared = req.headers().contentLength().orElse(-1);
        // The text fields and the parts' headers add to the file; anything far beyond both limits is refused unread.
        if (declared > maxFileBytes + maxFormFieldsBytes + 1024 * 1024) {
            throw tooLarge.get();
        }
        return ReceivedForm.read(req, fileParts, maxFormFieldsBytes);
    }

    private void models(ServerRequest req, ServerResponse res, String requestId) {
        VirtualKey key = authenticate(req);
        ObjectNode list = mapper.createObjectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        gateway.models(key).forEach(route -> data.add(modelJson(route)));
        sendJson(res, list, requestId);
    }

    private void model(ServerRequest req, ServerResponse res, String requestId) {
        VirtualKey key = authenticate(req);
        String raw = req.path().rawPath();
        String encodedId = raw.substring(raw.indexOf("/v1/models/") + "/v1/models/".length());
        // The node SDK sends a '/' inside a model id as %2F; '+' is a literal plus in a path.
        String id = URLDecoder.decode(encodedId.replace("+", "%2B"), StandardCharsets.UTF_8);
        sendJson(res, modelJson(gateway.model(id, key)), requestId);
    }

    private ObjectNode modelJson(ModelRoute route) {
        ObjectNode model = mapper.createObjectNode();
        model.put("id", route.alias());
        model.put("object", "model");
        model.put("created", createdEpochSeconds);
        model.put("owned_by", route.targets().getFirst().provider());
        return model;
    }

    private void sendJson(ServerResponse res, ObjectNode body, String requestId) {
        res.header(PrismHeaders.REQUEST_ID, requestId);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        try {
            res.send(mapper.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
