package dev.prism.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A node of the YAML tree that knows its path and which of its keys were read, so that a typo is
 * reported as an unknown key ({@code servr: unknown key}) instead of being ignored.
 */
public final class ConfigNode {
    private final String path;
    private final JsonNode node;
    private final Set<String> readKeys = new LinkedHashSet<>();

    ConfigNode(String path, JsonNode node) {
        this.path = path;
        this.node = node == null ? MissingNode.getInstance() : node;
    }

    public String path() {
        return path;
    }

    public boolean isMissing() {
        return node.isMissingNode() || node.isNull();
    }

    public ConfigException error(String message) {
        return new ConfigException(path, message);
    }

    public ConfigException error(String key, String message) {
        return new ConfigException(childPath(key), message);
    }

    String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The child under {@code key}, possibly missing. Marks the key as known. */
    public ConfigNode child(String key) {
        requireObject();
        readKeys.add(key);
        return new ConfigNode(childPath(key), node.get(key));
    }

    /** Whether this node is a map (not missing, not a scalar or a list). */
    public boolean isMap() {
        return node.isObject();
    }

    public boolean has(String key) {
        return !child(key).isMissing();
    }

    private void requireObject() {
        if (!isMissing() && !node.isObject()) {
            throw error("expected a map of settings");
        }
    }

    /** The keys of a map node, in file order. */
    public List<String> keys() {
        requireObject();
        List<String> keys = new ArrayList<>();
        if (!isMissing()) {
            node.fieldNames().forEachRemaining(keys::add);
        }
        return keys;
    }

    /** The items of a list node; a missing node is an empty list. */
    public List<ConfigNode> items() {
        if (isMissing()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error("expected a list");
        }
        List<ConfigNode> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            items.add(new ConfigNode(path + "[" + i + "]", node.get(i)));
        }
        return items;
    }

    /**
     * Fails on the keys of this map that nobody asked for, all of them, each with the closest known
     * key when one is near ({@code servr: unknown key; did you mean 'server'?}).
     */
    public void rejectUnknownKeys() {
        List<ConfigException> unknown = new ArrayList<>();
        for (String key : keys()) {
            if (!readKeys.contains(key)) {
                unknown.add(new ConfigException(childPath(key), "unknown key" + KeySuggestion.closest(key, readKeys)
                        .map(known -> "; did you mean '" + known + "'?")
                        .orElse(readKeys.isEmpty() ? "" : ". Known keys here: " + String.join(", ", readKeys))));
            }
        }
        if (!unknown.isEmpty()) {
            throw ConfigException.of(unknown);
        }
    }

    public Optional<String> string(String key) {
        return child(key).asString();
    }

    public Optional<String> asString() {
        if (isMissing()) {
            return Optional.empty();
        }
        if (!node.isTextual() && !node.isNumber() && !node.isBoolean()) {
            throw error("expected a string");
        }
        return Optional.of(node.asText());
    }

    public String requiredString(String key) {
        return string(key).orElseThrow(() -> error(key, "is required"));
    }

    /** A whole number; accepts the digits of a substituted {@code ${VAR}} too. */
    public Optional<Integer> integer(String key) {
        return child(key).scalar("a number", text -> Integer.parseInt(text.trim()));
    }

    /**
     * A decimal number, exactly as written (never through binary floating point): {@code 0.015}, or
     * the same as a string, which a substituted {@code ${VAR}} is.
     */
    public Optional<BigDecimal> decimal(String key) {
        return child(key).asDecimal();
    }

    /** This node as a decimal number; see {@link #decimal(String)}. */
    public Optional<BigDecimal> asDecimal() {
        if (isMissing()) {
            return Optional.empty();
        }
        if (node.isNumber()) {
            return Optional.of(node.decimalValue());
        }
        return scalar("a decimal number such as 0.015", text -> new BigDecimal(text.trim()));
    }

    public Optional<Boolean> bool(String key) {
        return child(key).scalar("true or false", text -> switch (text.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException();
        });
    }

    public Optional<Duration> duration(String key) {
        return child(key).scalar("a duration such as 250ms, 30s, 5m or 24h", Durations::parse);
    }

    /** A duration that must be more than zero: a zero deadline or TTL would refuse or drop everything. */
    public Optional<Duration> positiveDuration(String key) {
        Optional<Duration> value = duration(key);
        if (value.isPresent() && !value.get().isPositive()) {
            throw error(key, "must be more than 0 (such as 30s)");
        }
        return value;
    }

    private <T> Optional<T> scalar(String expected, Function<String, T> parse) {
        if (isMissing()) {
            return Optional.empty();
        }
        if (!node.isValueNode()) {
            throw error("expected " + expected);
        }
        try {
            return Optional.of(parse.apply(node.asText()));
        } catch (RuntimeException e) {
            // The value is not repeated: it may be a secret that landed in the wrong setting.
            throw error("expected " + expected);
        }
    }

    /** This node as a boolean if it is one ({@code cache: false}), else empty. */
    public Optional<Boolean> asStringIfBoolean() {
        return node.isBoolean() ? Optional.of(node.asBoolean()) : Optional.empty();
    }

    /** A list of strings, or empty when the key is missing. */
    public Optional<List<String>> stringList(String key) {
        ConfigNode child = child(key);
        if (child.isMissing()) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        for (ConfigNode item : child.items()) {
            values.add(item.asString().orElseThrow(() -> item.error("expected a string")));
        }
        return Optional.of(List.copyOf(values));
    }

    public Map<String, String> stringMap(String key) {
        ConfigNode child = child(key);
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : child.keys()) {
            values.put(name, child.requiredString(name));
        }
        return values;
    }
}
