package dev.prism.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.prism.api.Secret;
import dev.prism.spi.ProviderConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A provider's settings read from the YAML of its node, as an operator writes it under {@code providers.<name>}. */
final class YamlProviderConfig implements ProviderConfig {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final String name;
    private final String type;
    private final JsonNode node;

    private YamlProviderConfig(String name, String type, JsonNode node) {
        this.name = name;
        this.type = type;
        this.node = node;
    }

    static YamlProviderConfig parse(String name, String type, String yaml) {
        try {
            JsonNode node = yaml == null || yaml.isBlank() ? YAML.createObjectNode() : YAML.readTree(yaml);
            if (node == null || node.isMissingNode() || node.isNull()) {
                node = YAML.createObjectNode();
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException("the provider's configuration must be a YAML map, got: " + yaml);
            }
            return new YamlProviderConfig(name, type, node);
        } catch (IOException e) {
            throw new IllegalArgumentException("the provider's configuration is not YAML: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Optional<String> string(String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    @Override
    public Optional<Secret> secret(String key) {
        return string(key).map(Secret::of);
    }

    @Override
    public Optional<Duration> duration(String key) {
        return string(key).map(text -> {
            Matcher m = DURATION.matcher(text.trim());
            if (!m.matches()) {
                throw invalid(key, "expected a duration such as 30s");
            }
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        });
    }

    @Override
    public Optional<Integer> integer(String key) {
        return string(key).map(text -> {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw invalid(key, "expected an integer");
            }
        });
    }

    @Override
    public Optional<Boolean> bool(String key) {
        return string(key).map(text -> switch (text.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, "expected true or false");
        });
    }

    @Override
    public Map<String, String> stringMap(String key) {
        JsonNode value = node.get(key);
        Map<String, String> map = new LinkedHashMap<>();
        if (value != null && value.isObject()) {
            value.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        }
        return map;
    }

    @Override
    public RuntimeException invalid(String key, String message) {
        return new IllegalArgumentException("providers." + name + "." + key + ": " + message);
    }
}
