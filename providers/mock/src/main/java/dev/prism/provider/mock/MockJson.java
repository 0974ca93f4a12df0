package dev.prism.provider.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The mock's JSON, compact and in the order its fields were put, as OpenAI sends it. Durations and
 * decoder statistics are decimals to the millisecond as OpenAI writes them ({@code 1.5},
 * {@code 3}), never in exponent notation. Byte arrays become base64 strings.
 */
final class MockJson {
    private static final int DECIMAL_PLACES = 3;

    static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private MockJson() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String text(JsonNode json) {
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            // A tree of strings, numbers and byte arrays always renders.
            throw new IllegalStateException(e);
        }
    }

    /** {@code value} rounded to {@value #DECIMAL_PLACES} decimal places, without trailing zeros. */
    static BigDecimal decimal(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no " + value);
        }
        return BigDecimal.valueOf(value).setScale(DECIMAL_PLACES, RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
