package dev.prism.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.prism.api.Operation;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Reads OpenAI's {@code usage} object into a {@link Usage}, as reported (never estimated).
 *
 * <p>The shapes: transcriptions and translations {@code {type:"duration", seconds}} or {@code
 * {type:"tokens", input_tokens, output_tokens, input_token_details:{text_tokens, audio_tokens}}};
 * speech events {@code {input_tokens, output_tokens}}; images {@code {input_tokens,
 * output_tokens, input_tokens_details:{text_tokens, image_tokens, cached_tokens},
 * output_tokens_details:{text_tokens, image_tokens}}}. Both spellings of the details
 * ({@code token} and {@code tokens}) are read wherever they appear; {@code total_tokens} is the
 * sum and is not kept.
 *
 * <p>Where OpenAI gives no split, the operation says what the tokens were: speech reads text and
 * speaks audio, a transcript is text, an image call makes images. So the output tokens of a call
 * without {@code output_tokens_details} are also its text (transcripts), audio (speech) or image
 * tokens, and the input tokens of speech are also text tokens. Input of transcriptions (audio and
 * prompt) and images (prompt and, for edits, images) is not split by guessing.
 */
final class OpenAiUsage {
    private OpenAiUsage() {}

    /**
     * @throws IllegalArgumentException when the object is not usage as OpenAI reports it (an amount
     *     that is not a whole, non-negative number; an unknown {@code type})
     */
    static Usage from(JsonNode usage, Operation operation) {
        if (!usage.isObject()) {
            throw new IllegalArgumentException("usage is not an object");
        }
        String type = usage.path("type").asText("tokens");
        return switch (type) {
            case "duration" -> Usage.NONE.with(UsageUnit.AUDIO_SECONDS, seconds(usage.get("seconds")));
            case "tokens" -> tokens(usage, operation);
            default -> throw new IllegalArgumentException("unknown usage type '" + type + "'");
        };
    }

    private static Usage tokens(JsonNode usage, Operation operation) {
        Amounts amounts = new Amounts();
        amounts.put(UsageUnit.INPUT_TOKENS, usage, "input_tokens");
        amounts.put(UsageUnit.OUTPUT_TOKENS, usage, "output_tokens");
        amounts.put(UsageUnit.CACHED_TOKENS, usage, "cached_tokens");
        JsonNode in = details(usage, "input");
        amounts.put(UsageUnit.INPUT_TEXT_TOKENS, in, "text_tokens");
        amounts.put(UsageUnit.INPUT_AUDIO_TOKENS, in, "audio_tokens");
        amounts.put(UsageUnit.INPUT_IMAGE_TOKENS, in, "image_tokens");
        amounts.put(UsageUnit.CACHED_TOKENS, in, "cached_tokens");
        JsonNode out = details(usage, "output");
        amounts.put(UsageUnit.OUTPUT_TEXT_TOKENS, out, "text_tokens");
        amounts.put(UsageUnit.OUTPUT_AUDIO_TOKENS, out, "audio_tokens");
        amounts.put(UsageUnit.OUTPUT_IMAGE_TOKENS, out, "image_tokens");
        if (in.isMissingNode() && operation == Operation.SPEECH) {
            amounts.put(UsageUnit.INPUT_TEXT_TOKENS, usage, "input_tokens");
        }
        if (out.isMissingNode()) {
            amounts.put(outputUnit(operation), usage, "output_tokens");
        }
        return amounts.usage;
    }

    private static UsageUnit outputUnit(Operation operation) {
        return switch (operation) {
            case SPEECH -> UsageUnit.OUTPUT_AUDIO_TOKENS;
            case TRANSCRIPTION, TRANSLATION -> UsageUnit.OUTPUT_TEXT_TOKENS;
            case IMAGE, IMAGE_EDIT, IMAGE_VARIATION -> UsageUnit.OUTPUT_IMAGE_TOKENS;
        };
    }

    /** {@code input_tokens_details} or {@code input_token_details}; missing when neither is an object. */
    private static JsonNode details(JsonNode usage, String direction) {
        for (String name : new String[] {direction + "_tokens_details", direction + "_token_details"}) {
            if (usage.path(name).isObject()) {
                return usage.path(name);
            }
        }
        return MissingNode.getInstance();
    }

    private static BigDecimal seconds(JsonNode node) {
        if (node == null || !node.isNumber() || node.decimalValue().signum() < 0) {
            throw new IllegalArgumentException("usage.seconds is not a number of seconds: " + node);
        }
        BigDecimal seconds = node.decimalValue();
        // Audio seconds are kept to the millisecond (UsageUnit.AUDIO_SECONDS).
        return seconds.scale() > 3 ? seconds.setScale(3, RoundingMode.HALF_UP) : seconds;
    }

    /** The amounts read so far; a field that is absent or null is not reported. */
    private static final class Amounts {
        private Usage usage = Usage.NONE;

        void put(UsageUnit unit, JsonNode parent, String field) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                return;
            }
            if (!node.isNumber() || node.decimalValue().signum() < 0
                    || node.decimalValue().stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException("usage field " + field + " is not a whole number of tokens: " + node);
            }
            usage = usage.with(unit, node.decimalValue().stripTrailingZeros().setScale(0));
        }
    }
}
