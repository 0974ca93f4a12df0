package dev.prism.http.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.api.GatewayException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Strict, typed access to the fields of a JSON request object, as OpenAI checks them: a number where
 * a string belongs, {@code true} for a number, {@code 1.5} for a count are all refused, never
 * coerced. Each refusal is a 400 naming the parameter.
 */
final class JsonFields {
    private final JsonNode object;

    JsonFields(JsonNode object) {
        if (object == null || !object.isObject()) {
            throw GatewayException.invalid(null, "The request body must be a JSON object.");
        }
        this.object = object;
    }

    private Optional<JsonNode> value(String name) {
        JsonNode node = object.get(name);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
    }

    String requiredString(String name) {
        return string(name).orElseThrow(() -> GatewayException.invalid(name, "Missing required parameter: '" + name + "'."));
    }

    Optional<String> string(String name) {
        return value(name).map(node -> {
            if (!node.isTextual()) {
                throw typeError(name, "a string", node);
            }
            return node.textValue();
        });
    }

    Optional<Integer> integer(String name) {
        return value(name).map(node -> {
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                throw typeError(name, "an integer", node);
            }
            return node.intValue();
        });
    }

    Optional<Double> number(String name) {
        return value(name).map(node -> {
            if (!node.isNumber()) {
                throw typeError(name, "a number", node);
            }
            return node.doubleValue();
        });
    }

    Optional<Boolean> bool(String name) {
        return value(name).map(node -> {
            if (!node.isBoolean()) {
                throw typeError(name, "a boolean", node);
            }
            return node.booleanValue();
        });
    }

    Optional<JsonNode> raw(String name) {
        return value(name);
    }

    /** A string from a fixed set of values. */
    Optional<String> choice(String name, Set<String> allowed) {
        return string(name).map(v -> FormValues.oneOf(name, v, allowed));
    }

    static GatewayException typeError(String name, String expected, JsonNode node) {
        return GatewayException.invalid(name, "invalid_type", "Invalid type for '" + name + "': expected " + expected
                + ", but got " + describe(node) + ".");
    }

    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isIntegralNumber()) {
            return "an integer";
        }
        if (node.isNumber()) {
            return "a decimal number";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return "null";
    }

    /**
     * Fields not among {@code known}, as plain Java values, for pass-through to the upstream. A field
     * set to {@code null} means "not given" (many clients send unset options that way), so it is dropped.
     */
    Map<String, Object> others(Set<String> known, ObjectMapper mapper) {
        Map<String, Object> others = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> {
            if (!known.contains(e.getKey()) && !e.getValue().isNull()) {
                others.put(e.getKey(), mapper.convertValue(e.getValue(), Object.class));
            }
        });
        return others;
    }
}
