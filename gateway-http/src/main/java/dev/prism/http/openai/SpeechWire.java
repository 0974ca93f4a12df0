package dev.prism.http.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.AudioFormat;
import dev.prism.api.GatewayException;
import dev.prism.api.SpeechRequest;
import dev.prism.api.Voice;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/** {@code POST /v1/audio/speech}: OpenAI's JSON body to a {@link SpeechRequest}, checked as OpenAI checks it. */
public final class SpeechWire {
    static final int MAX_INPUT = 4096;
    private static final Set<String> KNOWN =
            Set.of("model", "input", "voice", "response_format", "speed", "instructions", "stream_format");
    private static final Set<String> FORMATS = new TreeSet<>(Arrays.stream(AudioFormat.values()).map(AudioFormat::wireName).toList());

    private final ObjectMapper mapper;

    public SpeechWire(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @param streamingRoute whether the client called {@code /v1/audio/speech/stream} */
    public SpeechRequest parse(JsonNode body, boolean streamingRoute) {
        JsonFields f = new JsonFields(body);
        String model = nonEmpty(f.requiredString("model"), "model");
        String input = f.requiredString("input");
        if (input.isEmpty()) {
            throw GatewayException.invalid("input", "'input' must not be empty.");
        }
        if (input.codePointCount(0, input.length()) > MAX_INPUT) {
            throw GatewayException.invalid("input", "string_above_max_length",
                    "Invalid 'input': string too long. Expected a string with maximum length " + MAX_INPUT + ", but got a string with length "
                            + input.codePointCount(0, input.length()) + " instead.");
        }
        Voice voice = voice(f);
        AudioFormat format = f.choice("response_format", FORMATS).flatMap(AudioFormat::fromWireName).orElse(AudioFormat.MP3);
        double speed = f.number("speed").orElse(1.0);
        if (speed < 0.25 || speed > 4.0) {
            throw GatewayException.invalid("speed", "invalid_value",
                    "Invalid 'speed': " + speed + " is not between 0.25 and 4.0.");
        }
        String instructions = f.string("instructions").orElse(null);
        if (instructions != null && instructions.codePointCount(0, instructions.length()) > MAX_INPUT) {
            throw GatewayException.invalid("instructions", "string_above_max_length",
                    "Invalid 'instructions': string too long. Expected a string with maximum length " + MAX_INPUT + ".");
        }
        boolean sse = f.choice("stream_format", Set.of("sse", "audio")).map("sse"::equals).orElse(false);
        if (sse && streamingRoute) {
            throw GatewayException.invalid("stream_format",
                    "The streaming route sends raw audio; use /v1/audio/speech for stream_format 'sse'.");
        }
        return new SpeechRequest(model, input, voice, format, speed, instructions, sse, streamingRoute,
                f.others(KNOWN, mapper));
    }

    private static Voice voice(JsonFields f) {
        JsonNode node = f.raw("voice").orElseThrow(() -> GatewayException.invalid("voice", "Missing required parameter: 'voice'."));
        if (node.isTextual()) {
            return Voice.named(nonEmpty(node.textValue(), "voice"));
        }
        if (node.isObject() && node.size() == 1 && node.get("id") != null && node.get("id").isTextual()) {
            return Voice.custom(nonEmpty(node.get("id").textValue(), "voice"));
        }
        throw GatewayException.invalid("voice", "invalid_type",
                "Invalid type for 'voice': expected a voice name or an object {\"id\": \"voice_...\"}.");
    }

    static String nonEmpty(String value, String param) {
        if (value.isBlank()) {
            throw GatewayException.invalid(param, "'" + param + "' must not be empty.");
        }
        return value;
    }
}
