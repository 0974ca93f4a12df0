package dev.prism.testkit;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How OpenAI answers each media endpoint, per the wire contract: the shapes, content types and
 * event streams of speech, transcriptions, translations, image generations, edits and variations
 * and models, and OpenAI's 400s for a missing parameter. Edits of a GPT image model report 50 image
 * tokens of input for each image sent.
 */
final class OpenAiBehaviour {
    private static final Set<String> SPEECH_FORMATS = Set.of("mp3", "opus", "aac", "flac", "wav", "pcm");
    private static final Set<String> TRANSCRIPT_FORMATS = Set.of("json", "text", "srt", "verbose_json", "vtt", "diarized_json");
    private static final double DURATION_SECONDS = 2.5;

    private OpenAiBehaviour() {}

    static Answer answer(RecordedRequest request, String root) {
        if (request.method().equals("GET") && request.path().startsWith("/files/")) {
            return Answer.bytes(200, "image/png", FakeOpenAiUpstream.PNG);
        }
        if (request.header("Authorization").isEmpty()) {
            return Answer.error(401, "You didn't provide an API key. You need to provide your API key in an "
                    + "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
        }
        String route = request.method() + " " + request.path();
        return switch (route) {
            case "POST /audio/speech" -> speech(request);
            case "POST /audio/transcriptions" -> transcript(request, true);
            case "POST /audio/translations" -> transcript(request, false);
            case "POST /images/generations" -> images(request, root);
            case "POST /images/edits" -> imageEdit(request, root);
            case "POST /images/variations" -> imageVariation(request, root);
            case "GET /models" -> Answer.json(200, JsonValues.write(ordered("object", "list",
                    "data", FakeOpenAiUpstream.MODELS.stream().map(OpenAiBehaviour::model).toList())));
            default -> {
                if (request.method().equals("GET") && request.path().startsWith("/models/")) {
                    String id = java.net.URLDecoder.decode(request.path().substring("/models/".length()), StandardCharsets.UTF_8);
                    yield FakeOpenAiUpstream.MODELS.contains(id) ? Answer.json(200, JsonValues.write(model(id)))
                            : Answer.error(404, "The model `" + id + "` does not exist or you do not have access to it.",
                                    "invalid_request_error", "model", "model_not_found");
                }
                yield Answer.error(404, "Invalid URL (" + request.method() + " /v1" + request.path() + ")");
            }
        };
    }

    private static Map<String, Object> model(String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("object", "model");
        m.put("created", 1698785189);
        m.put("owned_by", "system");
        return m;
    }

    private static Answer speech(RecordedRequest request) {
        Map<String, Object> body;
        try {
            body = request.json();
        } catch (IllegalArgumentException e) {
            return unparsable();
        }
        for (String required : List.of("model", "input", "voice")) {
            if (body.get(required) == null) {
                return missing(required);
            }
        }
        String format = body.get("response_format") instanceof String f ? f : "mp3";
        if (!SPEECH_FORMATS.contains(format)) {
            return Answer.error(400, "Invalid value: '" + format + "'.", "invalid_request_error", "response_format",
                    "invalid_value");
        }
        byte[] audio = FakeOpenAiUpstream.speechBytes(format, String.valueOf(body.get("input")));
        if ("sse".equals(body.get("stream_format"))) {
            int half = audio.length / 2;
            List<String> events = List.of(
                    JsonValues.write(ordered("type", "speech.audio.delta", "audio", base64(audio, 0, half))),
                    JsonValues.write(ordered("type", "speech.audio.delta", "audio", base64(audio, half, audio.length))),
                    JsonValues.write(ordered("type", "speech.audio.done", "usage",
                            ordered("input_tokens", 14, "output_tokens", 101, "total_tokens", 115))));
            return Answer.events(events);
        }
        int half = audio.length / 2;
        return Answer.chunked(200, FakeOpenAiUpstream.speechContentType(format),
                List.of(java.util.Arrays.copyOfRange(audio, 0, half), java.util.Arrays.copyOfRange(audio, half, audio.length)));
    }

    private static Answer transcript(RecordedRequest request, boolean transcription) {
        return withForm(request, form -> transcript(form, transcription));
    }

    private static Answer transcript(MultipartForm form, boolean transcription) {
        if (form.file().isEmpty()) {
            return missing("file");
        }
        Optional<String> model = form.field("model");
        if (model.isEmpty()) {
            return missing("model");
        }
        String format = form.field("response_format").orElse("json");
        if (!TRANSCRIPT_FORMATS.contains(format) || (!transcription && format.equals("diarized_json"))) {
            return Answer.error(400, "Invalid value: '" + format + "'.", "invalid_request_error", "response_format",
                    "invalid_value");
        }
        String text = transcription ? FakeOpenAiUpstream.TRANSCRIPT_TEXT : FakeOpenAiUpstream.TRANSLATION_TEXT;
        if (transcription && form.field("stream").orElse("false").equals("true") && !model.get().equals("whisper-1")) {
            return format.equals("diarized_json") ? diarizedEvents(text) : transcriptEvents(text);
        }
        return switch (format) {
            case "text" -> Answer.text(200, "text/plain; charset=utf-8", text + "\n");
            case "srt" -> Answer.text(200, "text/plain; charset=utf-8", "1\n00:00:00,000 --> 00:00:02,500\n" + text + "\n\n");
            case "vtt" -> Answer.text(200, "text/plain; charset=utf-8", "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\n" + text + "\n\n");
            case "verbose_json" -> Answer.json(200, JsonValues.write(verbose(text, transcription,
                    form.fields("timestamp_granularities[]"))));
            case "diarized_json" -> Answer.json(200, JsonValues.write(ordered("task", "transcribe", "duration",
                    DURATION_SECONDS, "text", text, "segments", List.of(ordered("type", "transcript.text.segment", "id",
                            "seg_0", "start", 0.0, "end", DURATION_SECONDS, "text", text, "speaker", "A")))));
            default -> Answer.json(200, JsonValues.write(ordered("text", text, "usage",
                    ordered("type", "duration", "seconds", 3))));
        };
    }

    private static Map<String, Object> verbose(String text, boolean transcription, List<String> granularities) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (transcription) {
            body.put("task", "transcribe");
        }
        body.put("language", "english");
        body.put("duration", DURATION_SECONDS);
        body.put("text", text);
        if (granularities.isEmpty() || granularities.contains("segment")) {
            body.put("segments", List.of(ordered("id", 0, "seek", 0, "start", 0.0, "end", DURATION_SECONDS, "text", text,
                    "tokens", List.of(50364, 440, 2068), "temperature", 0.0, "avg_logprob", -0.25,
                    "compression_ratio", 1.1, "no_speech_prob", 0.01)));
        }
        if (granularities.contains("word")) {
            String[] words = text.split(" ");
            List<Object> timed = new ArrayList<>();
            double step = DURATION_SECONDS / words.length;
            for (int i = 0; i < words.length; i++) {
                timed.add(ordered("word", words[i], "start", round(i * step), "end", round((i + 1) * step)));
            }
            body.put("words", timed);
        }
        body.put("usage", ordered("type", "duration", "seconds", 3));
        return body;
    }

    private static Answer transcriptEvents(String text) {
        List<String> events = new ArrayList<>();
        for (String word : text.split("(?<= )")) {
            events.add(JsonValues.write(ordered("type", "transcript.text.delta", "delta", word)));
        }
        events.add(JsonValues.write(ordered("type", "transcript.text.done", "text", text, "usage",
                ordered("type", "tokens", "input_tokens", 20, "output_tokens", 10, "total_tokens", 30))));
        return Answer.events(events);
    }

    /** A diarized stream: one {@code transcript.text.segment} per speaker turn, then the done event. */
    private static Answer diarizedEvents(String text) {
        return Answer.events(List.of(
                JsonValues.write(ordered("type", "transcript.text.segment", "id", "seg_0", "start", 0.0, "end",
                        DURATION_SECONDS, "text", text, "speaker", "A")),
                JsonValues.write(ordered("type", "transcript.text.done", "text", text, "usage",
                        ordered("type", "tokens", "input_tokens", 20, "output_tokens", 10, "total_tokens", 30)))));
    }

    /** What an image request asks, whichever endpoint it came to. */
    private record ImageAsk(String events, String prompt, String model, int n, String responseFormat, boolean stream,
            int partials, int inputImages) {}

    private static Answer images(RecordedRequest request, String root) {
        Map<String, Object> body;
        try {
            body = request.json();
        } catch (IllegalArgumentException e) {
            return unparsable();
        }
        if (!(body.get("prompt") instanceof String prompt)) {
            return missing("prompt");
        }
        String model = body.get("model") instanceof String m ? m : "dall-e-2";
        int n = body.get("n") instanceof BigDecimal count ? count.intValue() : 1;
        int partials = body.get("partial_images") instanceof BigDecimal p ? p.intValue() : 0;
        return images(new ImageAsk("image_generation", prompt, model, n, (String) body.get("response_format"),
                Boolean.TRUE.equals(body.get("stream")), partials, 0), root);
    }

    /** {@code /images/edits}: images under {@code image} or {@code image[]}, an optional mask, a prompt. */
    private static Answer imageEdit(RecordedRequest request, String root) {
        return withForm(request, form -> imageEdit(form, root));
    }

    private static Answer imageEdit(MultipartForm form, String root) {
        List<MultipartForm.Part> images = new ArrayList<>(form.parts("image"));
        images.addAll(form.parts("image[]"));
        if (images.isEmpty()) {
            return missing("image");
        }
        Optional<String> prompt = form.field("prompt");
        if (prompt.isEmpty()) {
            return missing("prompt");
        }
        return images(new ImageAsk("image_edit", prompt.get(), form.field("model").orElse("dall-e-2"),
                Integer.parseInt(form.field("n").orElse("1")), form.field("response_format").orElse(null),
                form.field("stream").orElse("false").equals("true"),
                Integer.parseInt(form.field("partial_images").orElse("0")), images.size()), root);
    }

    /** {@code /images/variations}: one {@code image}, dall-e-2 only. */
    private static Answer imageVariation(RecordedRequest request, String root) {
        return withForm(request, form -> imageVariation(form, root));
    }

    private static Answer imageVariation(MultipartForm form, String root) {
        if (form.parts("image").isEmpty()) {
            return missing("image");
        }
        String model = form.field("model").orElse("dall-e-2");
        if (!model.equals("dall-e-2")) {
            return Answer.error(400, "Invalid value: '" + model + "'. Value must be 'dall-e-2'.",
                    "invalid_request_error", "model", "invalid_value");
        }
        return images(new ImageAsk("image_variation", null, model, Integer.parseInt(form.field("n").orElse("1")),
                form.field("response_format").orElse(null), false, 0, 1), root);
    }

    /** The answer to the request's form, or OpenAI's 400 when the body is no form. */
    private static Answer withForm(RecordedRequest request, java.util.function.Function<MultipartForm, Answer> answer) {
        MultipartForm form;
        try {
            form = request.form();
        } catch (IllegalArgumentException e) {
            return Answer.error(400, "Could not parse multipart form");
        }
        return answer.apply(form);
    }

    private static Answer images(ImageAsk ask, String root) {
        if (ask.model().equals("dall-e-3") && ask.n() != 1) {
            return Answer.error(400, "You must provide n=1 for this model.", "invalid_request_error", "n", null);
        }
        boolean gptImage = ask.model().startsWith("gpt-image");
        boolean base64 = gptImage || "b64_json".equals(ask.responseFormat());
        Map<String, Object> usage = ordered("input_tokens", 10 + 50 * ask.inputImages(), "output_tokens", 100,
                "total_tokens", 110 + 50 * ask.inputImages(), "input_tokens_details",
                ordered("text_tokens", 10, "image_tokens", 50 * ask.inputImages()));
        if (ask.stream()) {
            List<byte[]> events = new ArrayList<>();
            for (int i = 0; i < ask.partials(); i++) {
                events.add(event(ask.events() + ".partial_image", ordered("type", ask.events() + ".partial_image",
                        "b64_json", FakeOpenAiUpstream.PNG_BASE64, "partial_image_index", i)));
            }
            events.add(event(ask.events() + ".completed", ordered("type", ask.events() + ".completed", "b64_json",
                    FakeOpenAiUpstream.PNG_BASE64, "usage", ask.inputImages() == 0
                            ? ordered("input_tokens", 10, "output_tokens", 100, "total_tokens", 110) : usage)));
            return Answer.chunked(200, "text/event-stream", events);
        }
        List<Object> data = new ArrayList<>();
        for (int i = 0; i < ask.n(); i++) {
            Map<String, Object> entry = base64 ? ordered("b64_json", FakeOpenAiUpstream.PNG_BASE64)
                    : ordered("url", root + "/files/img-" + i + ".png");
            if (ask.prompt() != null) {
                entry.put("revised_prompt", ask.prompt());
            }
            data.add(entry);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("created", Instant.now().getEpochSecond());
        answer.put("data", data);
        if (gptImage) {
            answer.put("usage", usage);
        }
        return Answer.json(200, JsonValues.write(answer));
    }

    private static byte[] event(String name, Map<String, Object> data) {
        return ("event: " + name + "\ndata: " + JsonValues.write(data) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static Answer unparsable() {
        return Answer.error(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't "
                + "using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not "
                + "valid JSON.)");
    }

    private static Answer missing(String param) {
        return Answer.error(400, "Missing required parameter: '" + param + "'.", "invalid_request_error", param, null);
    }

    private static String base64(byte[] bytes, int from, int to) {
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(bytes, from, to));
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    /** A map keeping the order of its pairs, as OpenAI's JSON does. */
    static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
