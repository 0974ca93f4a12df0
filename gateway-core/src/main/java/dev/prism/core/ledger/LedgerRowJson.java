package dev.prism.core.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.api.ErrorKind;
import dev.prism.api.Operation;
import dev.prism.api.UsageUnit;
import dev.prism.core.record.CacheStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A ledger row as one line of JSON, for the spill files. Money and amounts are decimal strings,
 * so nothing passes through a double.
 */
final class LedgerRowJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LedgerRowJson() {}

    static String line(LedgerRow row) {
        ObjectNode node = JSON.createObjectNode();
        node.put("call_id", row.callId());
        node.put("started", row.started().toString());
        node.put("request_id", row.requestId());
        node.put("key", row.keyName());
        row.endpoint().ifPresent(e -> node.put("endpoint", e.name()));
        row.modelAlias().ifPresent(m -> node.put("model", m));
        row.provider().ifPresent(p -> node.put("provider", p));
        row.upstreamModel().ifPresent(m -> node.put("upstream_model", m));
        ObjectNode usage = node.putObject("usage");
        row.usage().forEach((unit, amount) -> usage.put(unit.wireName(), amount.toPlainString()));
        node.put("usage_estimated", row.usageEstimated());
        row.costUsd().ifPresent(c -> node.put("cost_usd", c.toPlainString()));
        node.put("saved_usd", row.savedUsd().toPlainString());
        node.put("cost_estimated", row.costEstimated());
        node.put("cache", row.cache().name());
        node.put("status", row.status());
        row.error().ifPresent(e -> node.put("error", e.name()));
        node.put("latency_ms", row.latencyMillis());
        node.put("attempts", row.attempts());
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a ledger row could not be written as JSON", e);
        }
    }

    /** @throws IllegalArgumentException when the line is not a whole row (a write cut short by a crash) */
    static LedgerRow row(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            Map<UsageUnit, BigDecimal> usage = new EnumMap<>(UsageUnit.class);
            node.required("usage").properties().forEach(entry -> usage.put(UsageUnit.fromWireName(entry.getKey())
                    .orElseThrow(() -> new IllegalArgumentException("unknown unit " + entry.getKey())),
                    new BigDecimal(entry.getValue().asText())));
            return new LedgerRow(text(node, "call_id"), Instant.parse(text(node, "started")), text(node, "request_id"),
                    text(node, "key"), optional(node, "endpoint").map(Operation::valueOf), optional(node, "model"),
                    optional(node, "provider"), optional(node, "upstream_model"), usage,
                    node.required("usage_estimated").asBoolean(), optional(node, "cost_usd").map(BigDecimal::new),
                    new BigDecimal(text(node, "saved_usd")), node.required("cost_estimated").asBoolean(),
                    CacheStatus.valueOf(text(node, "cache")), node.required("status").asInt(),
                    optional(node, "error").map(ErrorKind::valueOf), node.required("latency_ms").asLong(),
                    node.required("attempts").asInt());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a ledger row: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.required(field).asText();
    }

    private static Optional<String> optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
