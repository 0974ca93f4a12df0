package dev.prism.http.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The JSON of rendered answers, compact and in the order its fields were put, as OpenAI sends it.
 * Times are decimals to the millisecond as OpenAI writes them ({@code 1.5}, {@code 3}), never in
 * exponent notation.
 */
final class AnswerJson {
    private static final int DECIMAL_PLACES = 3;
    private static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private AnswerJson() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] bytes(ObjectNode json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            // A tree of strings and numbers always renders.
            throw new IllegalStateException(e);
        }
    }

    /** {@code data: <json>} and the blank line that ends a server-sent event. */
    static byte[] event(ObjectNode json) {
        byte[] data = bytes(json);
        byte[] event = new byte[6 + data.length + 2];
        System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, event, 0, 6);
        System.arraycopy(data, 0, event, 6, data.length);
        event[event.length - 2] = '\n';
        event[event.length - 1] = '\n';
        return event;
    }

    /** {@code seconds} to the millisecond, without trailing zeros. */
    static BigDecimal seconds(double seconds) {
        return BigDecimal.valueOf(seconds).setScale(DECIMAL_PLACES, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    /**
     * A transcription's {@code usage}: {@code {type: tokens, ...}} when the upstream counted tokens,
     * {@code {type: duration, seconds}} when it counted seconds, nothing when it said nothing.
     */
    static Optional<ObjectNode> transcriptionUsage(Usage usage) {
        Optional<BigDecimal> input = total(usage, UsageUnit.INPUT_TOKENS, UsageUnit.INPUT_TEXT_TOKENS,
                UsageUnit.INPUT_AUDIO_TOKENS);
        Optional<BigDecimal> output = total(usage, UsageUnit.OUTPUT_TOKENS, UsageUnit.OUTPUT_TEXT_TOKENS);
        if (input.isPresent() || output.isPresent()) {
            ObjectNode json = object().put("type", "tokens").put("input_tokens", input.orElse(BigDecimal.ZERO));
            if (usage.amount(UsageUnit.INPUT_TEXT_TOKENS).isPresent()
                    || usage.amount(UsageUnit.INPUT_AUDIO_TOKENS).isPresent()) {
                json.putObject("input_token_details")
                        .put("text_tokens", usage.amount(UsageUnit.INPUT_TEXT_TOKENS).orElse(BigDecimal.ZERO))
                        .put("audio_tokens", usage.amount(UsageUnit.INPUT_AUDIO_TOKENS).orElse(BigDecimal.ZERO));
            }
            return Optional.of(json.put("output_tokens", output.orElse(BigDecimal.ZERO))
                    .put("total_tokens", input.orElse(BigDecimal.ZERO).add(output.orElse(BigDecimal.ZERO))));
        }
        return usage.amount(UsageUnit.AUDIO_SECONDS)
                .map(seconds -> object().put("type", "duration").put("seconds", seconds.stripTrailingZeros()));
    }

    /** Speech's {@code usage} in {@code speech.audio.done}: tokens in, out and in all; nothing when none were counted. */
    static Optional<ObjectNode> speechUsage(Usage usage) {
        Optional<BigDecimal> input = total(usage, UsageUnit.INPUT_TOKENS, UsageUnit.INPUT_TEXT_TOKENS,
                UsageUnit.INPUT_AUDIO_TOKENS);
        Optional<BigDecimal> output = total(usage, UsageUnit.OUTPUT_TOKENS, UsageUnit.OUTPUT_AUDIO_TOKENS,
                UsageUnit.OUTPUT_TEXT_TOKENS);
        if (input.isEmpty() && output.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal in = input.orElse(BigDecimal.ZERO);
        BigDecimal out = output.orElse(BigDecimal.ZERO);
        return Optional.of(object().put("input_tokens", in).put("output_tokens", out).put("total_tokens", in.add(out)));
    }

    /** The total unit when reported, else the sum of its parts, else nothing. */
    private static Optional<BigDecimal> total(Usage usage, UsageUnit total, UsageUnit... parts) {
        Optional<BigDecimal> reported = usage.amount(total);
        if (reported.isPresent()) {
            return reported;
        }
        BigDecimal sum = null;
        for (UsageUnit part : parts) {
            BigDecimal amount = usage.amount(part).orElse(null);
            if (amount != null) {
                sum = sum == null ? amount : sum.add(amount);
            }
        }
        return Optional.ofNullable(sum);
    }
}
