package dev.prism.provider.elevenlabs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.api.AudioStream;
import dev.prism.api.FormField;
import dev.prism.api.GatewayException;
import dev.prism.api.SpeechRequest;
import dev.prism.api.Transcript;
import dev.prism.api.TranscriptFormat;
import dev.prism.api.TranscriptionRequest;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.spi.CallContext;
import dev.prism.spi.MultipartBody;
import dev.prism.spi.Provider;
import dev.prism.spi.ProviderException;
import dev.prism.spi.RequestBody;
import dev.prism.spi.SpeechSynthesis;
import dev.prism.spi.Transcription;
import dev.prism.spi.UpstreamResponse;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * ElevenLabs behind OpenAI's speech and transcription endpoints. Speech goes to the
 * {@code /stream} endpoint so the first audio reaches the client while the rest is made, and
 * comes back as an {@link AudioStream}; Scribe's timed words come back as a {@link Transcript}.
 * The host renders both into OpenAI's formats. Scribe does not translate, so this provider is not
 * a {@link dev.prism.spi.Translation}: the router skips it for translations.
 */
final class ElevenLabsProvider implements Provider, SpeechSynthesis, Transcription {
    private static final Logger LOG = Logger.getLogger(ElevenLabsProvider.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** ElevenLabs' range for {@code voice_settings.speed}; OpenAI allows 0.25 to 4. */
    static final double MIN_SPEED = 0.7;
    static final double MAX_SPEED = 1.2;
    /** Scribe's JSON for hours of audio with word timings stays well under this. */
    private static final int MAX_TRANSCRIPT_BYTES = 64 * 1024 * 1024;

    private final String name;
    private final ElevenLabsEndpoint endpoint;
    private final Map<String, String> voices;

    ElevenLabsProvider(String name, ElevenLabsEndpoint endpoint, Map<String, String> voices) {
        this.name = name;
        this.endpoint = endpoint;
        this.voices = Map.copyOf(voices);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AudioStream synthesize(SpeechRequest request, CallContext call) {
        OutputFormat format = OutputFormat.forRequest(request.responseFormat());
        String configured = request.voice().custom() ? null : voices.get(request.voice().name());
        String voiceId = configured != null ? configured : request.voice().name();
        ObjectNode body = JSON.createObjectNode();
        body.put("text", request.input());
        body.put("model_id", call.upstreamModel());
        if (request.speed() != 1.0) {
            if (request.speed() < MIN_SPEED || request.speed() > MAX_SPEED) {
                throw GatewayException.invalid("speed", "invalid_value", "ElevenLabs speaks at a speed from " + MIN_SPEED
                        + " to " + MAX_SPEED + "; got " + request.speed() + ".");
            }
            body.putObject("voice_settings").put("speed", request.speed());
        }
        // instructions have no ElevenLabs equivalent and are left out (docs/providers/elevenlabs.md).
        String path = "/v1/text-to-speech/" + URLEncoder.encode(voiceId, StandardCharsets.UTF_8).replace("+", "%20")
                + "/stream?output_format=" + format.upstreamName();
        UpstreamResponse response = endpoint.post(path, json(body), call,
                new ElevenLabsErrors(name, request.voice().name(), configured != null));
        Usage usage = characterCost(response);
        InputStream audio = new ClosingStream(response);
        if (format.wavHeader()) {
            audio = new SequenceInputStream(new ByteArrayInputStream(OutputFormat.streamingWavHeader()), audio);
        }
        return new AudioStream(request.responseFormat(), -1, audio, () -> usage);
    }

    /** The characters ElevenLabs billed, from its {@code character-cost} header; none when absent. */
    private Usage characterCost(UpstreamResponse response) {
        return response.header("character-cost").map(value -> {
            try {
                return Usage.of(UsageUnit.CHARACTERS, Long.parseLong(value.trim()));
            } catch (IllegalArgumentException e) {
                LOG.log(Level.FINE, "Provider ''{0}'': unreadable character-cost", name);
                return Usage.NONE;
            }
        }).orElse(Usage.NONE);
    }

    @Override
    public Transcript transcribe(TranscriptionRequest request, CallContext call) {
        List<FormField> fields = new ArrayList<>();
        fields.add(new FormField("model_id", call.upstreamModel()));
        if (request.language() != null && !request.language().isBlank()) {
            fields.add(new FormField("language_code", request.language()));
        }
        if (request.temperature() != null) {
            fields.add(new FormField("temperature", request.temperature().toString()));
        }
        // Words are always asked for: segments, subtitles and verbose_json are built from them.
        fields.add(new FormField("timestamps_granularity", "word"));
        if (request.responseFormat() == TranscriptFormat.DIARIZED_JSON) {
            fields.add(new FormField("diarize", "true"));
        }
        // prompt has no equivalent (keyterms bias differently and cost extra) and is left out.
        MultipartBody body = MultipartBody.of(fields, "file", request.file());
        try (UpstreamResponse response = endpoint.post("/v1/speech-to-text", body, call, ElevenLabsErrors.of(name));
                InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_TRANSCRIPT_BYTES + 1);
            if (bytes.length > MAX_TRANSCRIPT_BYTES) {
                throw ProviderException.failed("Provider '" + name + "' sent a transcript over "
                        + MAX_TRANSCRIPT_BYTES + " bytes", null);
            }
            JsonNode answer = JSON.readTree(bytes);
            if (answer == null || !answer.isObject() || !(answer.has("text") || answer.has("transcripts"))) {
                throw ProviderException.failed("Provider '" + name + "' sent a transcription answer without text", null);
            }
            return ScribeTranscript.of(answer);
        } catch (IOException e) {
            throw ProviderException.failed("Provider '" + name + "' broke off its transcription answer: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static RequestBody json(ObjectNode body) {
        try {
            return RequestBody.of("application/json", JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
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
