package dev.prism.http.openai;

import dev.prism.api.FormField;
import dev.prism.api.GatewayException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Typed access to the text fields of a multipart form, where every value is a string: a number or a
 * boolean is read from its text ({@code n=2}, {@code stream=true}) and refused with a 400 naming the
 * field when it is not one.
 */
final class FormValues {
    private final List<FormField> fields;

    FormValues(List<FormField> fields) {
        this.fields = fields;
    }

    /** The field's value; a single-valued field appears at most once (the form reader checks). */
    Optional<String> string(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).map(FormField::value).reduce((a, b) -> b);
    }

    boolean has(String name) {
        return string(name).isPresent();
    }

    Optional<Integer> integer(String name) {
        return string(name).map(v -> {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw GatewayException.invalid(name, "invalid_type",
                        "Invalid type for '" + name + "': expected an integer, but got '" + v + "'.");
            }
        });
    }

    Optional<Boolean> bool(String name) {
        return string(name).map(v -> switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw GatewayException.invalid(name, "invalid_type",
                    "Invalid type for '" + name + "': expected a boolean, but got '" + v + "'.");
        });
    }

    /** A value from a fixed set. */
    Optional<String> choice(String name, Set<String> allowed) {
        return string(name).map(v -> oneOf(name, v, allowed));
    }

    /** {@code value}, when it is one of {@code allowed}; else the 400 OpenAI answers, listing them. */
    static String oneOf(String name, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw GatewayException.invalid(name, "invalid_value", "Invalid value: '" + value + "'. Supported values are: "
                    + String.join(", ", allowed.stream().sorted().map(a -> "'" + a + "'").toList()) + ".");
        }
        return value;
    }
}
