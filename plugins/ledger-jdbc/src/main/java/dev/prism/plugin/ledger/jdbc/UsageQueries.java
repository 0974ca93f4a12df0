package dev.prism.plugin.ledger.jdbc;

import dev.prism.api.UsageUnit;
import dev.prism.core.ledger.UsageGroup;
import dev.prism.core.ledger.UsageGrouping;
import dev.prism.core.ledger.UsageQuery;
import dev.prism.core.ledger.UsageReport;
import dev.prism.core.ledger.UsageTotals;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger's sums in SQL, the same on H2 and PostgreSQL: one query for the counts and money per
 * group, one for the units per group and unit. The total is the groups' sums added up, exactly.
 */
final class UsageQueries {
    private final Connection connection;

    UsageQueries(Connection connection) {
        this.connection = connection;
    }

    UsageReport report(UsageQuery query) throws SQLException {
        Optional<String> group = query.groupBy().map(UsageQueries::groupColumn);
        String selectGroup = group.map(g -> g + " AS grp, ").orElse("");
        String groupBy = group.map(g -> " GROUP BY " + g).orElse("");
        Filter filter = Filter.of(query);

        Map<Optional<String>, Map<UsageUnit, BigDecimal>> units = new HashMap<>();
        String unitSql = "SELECT " + selectGroup + "u.unit AS unit, SUM(u.amount) AS amount FROM ledger_calls c "
                + "JOIN ledger_units u ON u.call_id = c.call_id" + filter.where()
                + group.map(g -> " GROUP BY " + g + ", u.unit").orElse(" GROUP BY u.unit");
        try (PreparedStatement statement = filter.prepare(connection, unitSql); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Optional<String> name = group.isPresent() ? groupName(rows, query.groupBy().get()) : Optional.empty();
                Optional<UsageUnit> unit = UsageUnit.fromWireName(rows.getString("unit"));
                // A unit this version does not know (written by a newer one) is left out of the sums.
                if (unit.isPresent()) {
                    units.computeIfAbsent(name, n -> new EnumMap<>(UsageUnit.class)).put(unit.get(),
                            rows.getBigDecimal("amount"));
                }
            }
        }

        Map<Optional<String>, UsageTotals> totals = new LinkedHashMap<>();
        String sumSql = "SELECT " + selectGroup + "COUNT(*) AS requests, "
                + "SUM(CASE WHEN c.failed THEN 1 ELSE 0 END) AS errors, "
                + "SUM(CASE WHEN c.cache_status = 'HIT' THEN 1 ELSE 0 END) AS cache_hits, "
                + "SUM(c.cost_usd) AS cost_usd, SUM(c.saved_usd) AS saved_usd, "
                + "SUM(CASE WHEN c.unpriced THEN 1 ELSE 0 END) AS unpriced, "
                + "SUM(CASE WHEN c.cost_estimated THEN 1 ELSE 0 END) AS estimated "
                + "FROM ledger_calls c" + filter.where() + groupBy;
        try (PreparedStatement statement = filter.prepare(connection, sumSql); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Optional<String> name = group.isPresent() ? groupName(rows, query.groupBy().get()) : Optional.empty();
                totals.put(name, new UsageTotals(rows.getLong("requests"), rows.getLong("errors"),
                        rows.getLong("cache_hits"), money(rows, "cost_usd"), money(rows, "saved_usd"),
                        rows.getLong("unpriced"), rows.getLong("estimated"), units.getOrDefault(name, Map.of())));
            }
        }

        if (group.isEmpty()) {
            UsageTotals total = totals.values().stream().findFirst().orElse(UsageTotals.NONE);
            return new UsageReport(query, List.of(), total.requests() == 0 ? UsageTotals.NONE : total);
        }
        List<UsageGroup> groups = new ArrayList<>();
        totals.forEach((name, sums) -> groups.add(new UsageGroup(name, sums)));
        // Sorted here rather than in SQL: the databases put NULL at opposite ends.
        groups.sort(Comparator.comparing((UsageGroup g) -> g.group().isEmpty()).thenComparing(g -> g.group().orElse("")));
        UsageTotals total = groups.stream().map(UsageGroup::totals).reduce(UsageTotals.NONE, UsageTotals::plus);
        return new UsageReport(query, groups, total);
    }

    private static String groupColumn(UsageGrouping grouping) {
        return switch (grouping) {
            case KEY -> "c.key_name";
            case MODEL -> "c.model_alias";
            case PROVIDER -> "c.provider";
            // Times are stored in UTC without a zone, so the date part is the UTC day on either database.
            case DAY -> "CAST(c.started_at AS DATE)";
        };
    }

    private static Optional<String> groupName(ResultSet rows, UsageGrouping grouping) throws SQLException {
        if (grouping == UsageGrouping.DAY) {
            return Optional.ofNullable(rows.getObject("grp", LocalDate.class)).map(LocalDate::toString);
        }
        return Optional.ofNullable(rows.getString("grp"));
    }

    private static BigDecimal money(ResultSet rows, String column) throws SQLException {
        BigDecimal value = rows.getBigDecimal(column);
        return value == null ? BigDecimal.ZERO : value;
    }

    /** The window and the filters of a query, as a WHERE clause and its parameters. */
    private record Filter(String where, List<Object> parameters) {
        static Filter of(UsageQuery query) {
            StringBuilder where = new StringBuilder(" WHERE c.started_at >= ? AND c.started_at < ?");
            List<Object> parameters = new ArrayList<>(List.of(utc(query.from()), utc(query.to())));
            query.keyName().ifPresent(k -> {
                where.append(" AND c.key_name = ?");
                parameters.add(k);
            });
            query.modelAlias().ifPresent(m -> {
                where.append(" AND c.model_alias = ?");
                parameters.add(m);
            });
            query.provider().ifPresent(p -> {
                where.append(" AND c.provider = ?");
                parameters.add(p);
            });
            return new Filter(where.toString(), parameters);
        }

        PreparedStatement prepare(Connection connection, String sql) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(sql);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return statement;
        }

        private static LocalDateTime utc(java.time.Instant instant) {
            return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
    }
}
