package dev.prism.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text to and from plain Java values: {@code Map} (in the document's order), {@code List},
 * {@code String}, {@code BigDecimal} for every number, {@code Boolean} and {@code null}. Numbers
 * are all decimals so that a test compares {@code 1} and {@code 1.0} by value, whatever Java type
 * a parser would have picked. Strict: a malformed document throws {@link IllegalArgumentException}.
 */
final class JsonValues {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // 1.50 stays 1.50, as sent.
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private JsonValues() {}

    static Object read(String text) {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
        }
        if (tree.isMissingNode()) {
            throw new IllegalArgumentException("invalid JSON: no value");
        }
        return plain(tree);
    }

    /** Compact JSON text of plain Java values, maps in their iteration order. */
    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON value: " + value, e);
        }
    }

    private static Object plain(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                node.properties().forEach(field -> map.put(field.getKey(), plain(field.getValue())));
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(item -> list.add(plain(item)));
                yield list;
            }
            case STRING -> node.textValue();
            case NUMBER -> node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue()) : node.decimalValue();
            case BOOLEAN -> node.booleanValue();
            case NULL -> null;
            case BINARY, MISSING, POJO -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        };
    }
}
