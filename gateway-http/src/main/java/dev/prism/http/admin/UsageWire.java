package dev.prism.http.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.api.GatewayException;
import dev.prism.core.cost.CallCost;
import dev.prism.core.ledger.UsageGroup;
import dev.prism.core.ledger.UsageGrouping;
import dev.prism.core.ledger.UsageQuery;
import dev.prism.core.ledger.UsageReport;
import dev.prism.core.ledger.UsageTotals;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /admin/usage} on the wire: its query parameters in, the {@link UsageReport} out, money
 * as decimal strings written as {@code x-prism-cost} writes them ({@link CallCost#format}).
 */
public final class UsageWire {
    private static final Set<String> PARAMETERS = Set.of("from", "to", "key", "model", "provider", "group_by");

    private final ObjectMapper mapper;

    public UsageWire(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The query the parameters ask for. {@code to} is now when absent; {@code from} the start of
     * {@code to}'s calendar month (UTC).
     *
     * @param parameters each parameter's values
     * @throws GatewayException 400 naming the parameter at fault
     */
    public UsageQuery query(Map<String, List<String>> parameters, Clock clock) {
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw GatewayException.invalid(name, "Unknown parameter '" + name + "'. Known: from, to, key, model, "
                        + "provider, group_by.");
            }
            if (parameters.get(name).size() > 1) {
                throw GatewayException.invalid(name, "The parameter '" + name + "' is given more than once.");
            }
        }
        Instant to = instant(parameters, "to").orElseGet(clock::instant);
        Instant from = instant(parameters, "from").orElseGet(() -> LocalDate.ofInstant(to, ZoneOffset.UTC).withDayOfMonth(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant());
        if (to.isBefore(from)) {
            throw GatewayException.invalid("to", "'to' (" + to + ") is before 'from' (" + from + ").");
        }
        UsageQuery query = UsageQuery.between(from, to);
        Optional<String> key = text(parameters, "key");
        Optional<String> model = text(parameters, "model");
        Optional<String> provider = text(parameters, "provider");
        if (key.isPresent()) {
            query = query.forKey(key.get());
        }
        if (model.isPresent()) {
            query = query.forModel(model.get());
        }
        if (provider.isPresent()) {
            query = query.forProvider(provider.get());
        }
        Optional<String> groupBy = text(parameters, "group_by");
        if (groupBy.isPresent()) {
            query = query.groupedBy(UsageGrouping.fromWireName(groupBy.get()).orElseThrow(() -> GatewayException.invalid(
                    "group_by", "group_by is one of " + String.join(", ", Arrays.stream(UsageGrouping.values())
                            .map(UsageGrouping::wireName).toList()) + ".")));
        }
        return query;
    }

    private static Optional<String> text(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.getOrDefault(name, List.of());
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.getFirst().isBlank()) {
            throw GatewayException.invalid(name, "The parameter '" + name + "' is empty.");
        }
        return Optional.of(values.getFirst());
    }

    private static Optional<Instant> instant(Map<String, List<String>> parameters, String name) {
        return text(parameters, name).map(value -> {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw GatewayException.invalid(name, "'" + name + "' is an ISO-8601 instant such as "
                        + "2026-11-01T00:00:00Z.");
            }
        });
    }

    /** The report as the admin API answers it. */
    public ObjectNode json(UsageReport report) {
        ObjectNode body = mapper.createObjectNode();
        body.put("from", report.query().from().toString());
        body.put("to", report.query().to().toString());
        report.query().groupBy().ifPresentOrElse(g -> body.put("group_by", g.wireName()), () -> body.putNull("group_by"));
        var rows = body.putArray("rows");
        for (UsageGroup group : report.groups()) {
            ObjectNode row = rows.addObject();
            group.group().ifPresentOrElse(name -> row.put("group", name), () -> row.putNull("group"));
            totals(row, group.totals());
        }
        totals(body.putObject("total"), report.total());
        return body;
    }

    private static void totals(ObjectNode node, UsageTotals totals) {
        node.put("requests", totals.requests());
        node.put("errors", totals.errors());
        node.put("cache_hits", totals.cacheHits());
        node.put("cost_usd", CallCost.format(totals.costUsd()));
        node.put("saved_usd", CallCost.format(totals.savedUsd()));
        node.put("unpriced", totals.unpriced());
        node.put("estimated", totals.estimated());
        ObjectNode units = node.putObject("units");
        totals.units().forEach((unit, amount) -> units.put(unit.wireName(), amount));
    }
}
