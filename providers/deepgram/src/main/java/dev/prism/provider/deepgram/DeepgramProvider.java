package dev.prism.provider.deepgram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.AudioStream;
import dev.prism.api.ErrorKind;
import dev.prism.api.SpeechRequest;
import dev.prism.api.Transcript;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.Upload;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.spi.CallContext;
import dev.prism.spi.Provider;
import dev.prism.spi.ProviderException;
import dev.prism.spi.RequestBody;
import dev.prism.spi.SpeechSynthesis;
import dev.prism.spi.Transcription;
import dev.prism.spi.UpstreamResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deepgram behind OpenAI's API. Transcriptions go to {@code /v1/listen} with the upload as the raw
 * body and come back as a typed {@link Transcript}; speech goes to Aura's {@code /v1/speak} and
 * streams back as an {@link AudioStream}. The host renders both in OpenAI's formats.
 *
 * <p>Not a {@code Translation}: Deepgram does not translate into English, so the host answers a
 * translation routed only here with 400, or tries the route's next target.
 */
final class DeepgramProvider implements Provider, Transcription, SpeechSynthesis {
    /** Aura's limit on one request's text. */
    static final int MAX_INPUT_CHARACTERS = 2000;
    /** Aura-2's speed range; OpenAI's (0.25 to 4) is wider. */
    static final double MIN_SPEED = 0.7;
    static final double MAX_SPEED = 1.5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TRANSCRIPT_BYTES = 64 * 1024 * 1024;

    private final String name;
    private final DeepgramEndpoint endpoint;
    private final Map<String, String> voices;

    DeepgramProvider(String name, DeepgramEndpoint endpoint, Map<String, String> voices) {
        this.name = name;
        this.endpoint = endpoint;
        this.voices = Map.copyOf(voices);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Transcript transcribe(TranscriptionRequest request, CallContext call) {
        if (request.responseFormat() == TranscriptFormat.DIARIZED_JSON) {
            throw invalid("response_format", "unsupported_value", "Provider '" + name
                    + "' (Deepgram) does not produce diarized_json; use json, text, srt, verbose_json or vtt.");
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("model", call.upstreamModel());
        query.put("smart_format", "true");
        query.put("punctuate", "true");
        query.put("utterances", "true");
        if (request.language() != null && !request.language().isBlank()) {
            query.put("language", request.language());
        } else {
            query.put("detect_language", "true");
        }
        try (UpstreamResponse response = endpoint.post("/v1/listen", query, uploadBody(request.file()), call);
                InputStream in = response.body()) {
            JsonNode answer = JSON.readTree(in.readNBytes(MAX_TRANSCRIPT_BYTES));
            if (answer == null || !answer.path("results").path("channels").isArray()) {
                throw ProviderException.failed("Provider '" + name + "' answered without results.channels", null);
            }
            return DeepgramTranscripts.read(answer, request.language());
        } catch (JsonProcessingException e) {
            throw ProviderException.failed("Provider '" + name + "' answered with JSON Prism could not read", e);
        } catch (IOException e) {
            throw ProviderException.failed("Provider '" + name + "' broke off its answer: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public AudioStream synthesize(SpeechRequest request, CallContext call) {
        int characters = request.input().codePointCount(0, request.input().length());
        if (characters > MAX_INPUT_CHARACTERS) {
            throw invalid("input", "string_above_max_length", "Provider '" + name + "' (Deepgram Aura) takes at most "
                    + MAX_INPUT_CHARACTERS + " characters of input; this one has " + characters + ".");
        }
        if (request.speed() < MIN_SPEED || request.speed() > MAX_SPEED) {
            throw invalid("speed", "unsupported_value", "Provider '" + name + "' (Deepgram Aura) takes a speed from "
                    + MIN_SPEED + " to " + MAX_SPEED + "; got " + request.speed() + ".");
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("model", auraModel(request, call));
        SpeechEncoding.of(request.responseFormat()).addTo(query);
        if (request.speed() != 1.0) {
            query.put("speed", Double.toString(request.speed()));
        }
        RequestBody body = json(JSON.createObjectNode().put("text", request.input()));
        UpstreamResponse response = endpoint.post("/v1/speak", query, body, call);
        long length = response.header("content-length").map(DeepgramProvider::parseLong).orElse(-1L);
        // dg-char-count is what Deepgram bills; the input's code points when it is absent.
        long billed = response.header("dg-char-count").map(DeepgramProvider::parseLong).filter(n -> n >= 0)
                .orElse((long) characters);
        Usage usage = Usage.of(UsageUnit.CHARACTERS, billed);
        return new AudioStream(request.responseFormat(), length, new ClosingStream(response), () -> usage);
    }

    /** The configured Aura model for the client's voice; a custom voice id is an Aura model itself; else the target's. */
    private String auraModel(SpeechRequest request, CallContext call) {
        if (request.voice().custom()) {
            return request.voice().name();
        }
        return voices.getOrDefault(request.voice().name(), call.upstreamModel());
    }

    private ProviderException invalid(String param, String code, String message) {
        return ProviderException.builder(ErrorKind.INVALID_REQUEST, message).param(param).code(code).build();
    }

    private static RequestBody uploadBody(Upload upload) {
        String contentType = upload.contentType() == null || upload.contentType().isBlank()
                ? "application/octet-stream" : upload.contentType();
        return new RequestBody() {
            @Override
            public String contentType() {
                return contentType;
            }

            @Override
            public long length() {
                return upload.size();
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                try (InputStream in = upload.open()) {
                    in.transferTo(out);
                }
            }
        };
    }

    private static RequestBody json(JsonNode body) {
        try {
            return RequestBody.of("application/json", JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The upstream body; closing it closes the upstream response (and drops an unread connection). */
    private static final class ClosingStream extends FilterInputStream {
        private final UpstreamResponse response;

        ClosingStream(UpstreamResponse response) {
            super(response.body());
            this.response = response;
        }

        @Override
        public void close() {
            response.close();
        }
    }
}
