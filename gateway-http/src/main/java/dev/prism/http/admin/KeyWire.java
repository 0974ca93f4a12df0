package dev.prism.http.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.api.GatewayException;
import dev.prism.core.keys.KeyDirectory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code /admin/keys} on the wire: a key never shows its secret or hash, except the secret once, when made. */
public final class KeyWire {
    /** What {@code POST /admin/keys} takes. */
    public record NewKey(String name, Optional<List<String>> models, Optional<String> budgetJson,
            Optional<String> rateLimitJson) {}

    private static final Set<String> FIELDS = Set.of("name", "models", "budget", "rate_limit");

    private final ObjectMapper mapper;

    public KeyWire(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Reads {@code {"name", "models", "budget", "rate_limit"}}. The budget and the rate limit must be
     * JSON objects; each is kept as its text, not interpreted here.
     *
     * @throws GatewayException 400 naming the field at fault
     */
    public NewKey newKey(JsonNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw GatewayException.invalid(name, "Unknown field '" + name + "'. Known: name, models, budget, "
                        + "rate_limit.");
            }
        }
        JsonNode name = body.path("name");
        if (!name.isTextual()) {
            throw GatewayException.invalid("name", "'name' is required and is a string.");
        }
        Optional<List<String>> models = Optional.empty();
        JsonNode list = body.path("models");
        if (!list.isMissingNode() && !list.isNull()) {
            if (!list.isArray()) {
                throw GatewayException.invalid("models", "'models' is an array of model aliases.");
            }
            List<String> aliases = new ArrayList<>();
            for (JsonNode alias : list) {
                if (!alias.isTextual()) {
                    throw GatewayException.invalid("models", "'models' is an array of model aliases.");
                }
                aliases.add(alias.asText());
            }
            models = Optional.of(aliases);
        }
        Optional<String> budget = object(body, "budget", "{\"usd\": 50, \"period\": \"monthly\"}");
        Optional<String> rateLimit = object(body, "rate_limit", "{\"requests_per_minute\": 60, \"max_concurrent\": 4}");
        return new NewKey(name.asText(), models, budget, rateLimit);
    }

    /** An optional field that must be a JSON object, as its text; null is the same as left out. */
    private static Optional<String> object(JsonNode body, String field, String example) {
        JsonNode given = body.path(field);
        if (given.isMissingNode() || given.isNull()) {
            return Optional.empty();
        }
        if (!given.isObject()) {
            throw GatewayException.invalid(field, "'" + field + "' is an object, such as " + example + ".");
        }
        return Optional.of(given.toString());
    }

    public ObjectNode list(List<KeyDirectory.ListedKey> keys) {
        ObjectNode body = mapper.createObjectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        keys.forEach(key -> data.add(key(key.name(), key.origin(), key.models(), key.budgetJson(), key.rateLimitJson(),
                key.created())));
        return body;
    }

    /** The answer to a key just made, with its secret: shown this once. */
    public ObjectNode issued(KeyDirectory.IssuedKey issued) {
        ObjectNode body = key(issued.stored().name(), KeyDirectory.Origin.STORED, issued.stored().models(),
                issued.stored().budgetJson(), issued.stored().rateLimitJson(), Optional.of(issued.stored().created()));
        body.put("key", issued.key().reveal());
        return body;
    }

    private ObjectNode key(String name, KeyDirectory.Origin origin, Optional<Set<String>> models,
            Optional<String> budgetJson, Optional<String> rateLimitJson, Optional<Instant> created) {
        ObjectNode key = mapper.createObjectNode();
        key.put("object", "key");
        key.put("name", name);
        key.put("origin", origin == KeyDirectory.Origin.CONFIG ? "config" : "admin");
        if (models.isPresent()) {
            ArrayNode list = key.putArray("models");
            models.get().stream().sorted().forEach(list::add);
        } else {
            key.putNull("models");
        }
        putJson(key, "budget", budgetJson);
        putJson(key, "rate_limit", rateLimitJson);
        created.ifPresentOrElse(c -> key.put("created_at", c.toString()), () -> key.putNull("created_at"));
        return key;
    }

    private void putJson(ObjectNode key, String field, Optional<String> json) {
        json.ifPresentOrElse(text -> key.set(field, parse(text)), () -> key.putNull(field));
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            // Written by this class from a parsed object; anything else was put in the table by hand.
            return mapper.getNodeFactory().textNode(json);
        }
    }
}
