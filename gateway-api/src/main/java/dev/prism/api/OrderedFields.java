package dev.prism.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Copies of request fields that keep the order the client sent them in, as an upstream should see them. */
final class OrderedFields {
    private OrderedFields() {}

    /**
     * An unmodifiable copy in {@code fields}' iteration order ({@link Map#copyOf} would lose it).
     *
     * @throws NullPointerException for a null map, name or value, as {@link Map#copyOf} does
     */
    static Map<String, Object> copyOf(Map<String, Object> fields) {
        Map<String, Object> copy = new LinkedHashMap<>(fields.size() * 2);
        fields.forEach((name, value) -> copy.put(Objects.requireNonNull(name, "field name is null"),
                Objects.requireNonNull(value, () -> "the value of '" + name + "' is null")));
        return Collections.unmodifiableMap(copy);
    }
}
