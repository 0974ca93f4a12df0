package dev.prism.plugin.ledger.jdbc;

import dev.prism.core.ledger.BudgetCounters;
import dev.prism.core.ledger.LedgerUnavailableException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Budget counters in the {@code budget_counters} table. A reservation is one transaction of one
 * conditional UPDATE per counter, always in the order asked (the key's budget, then its model's),
 * so two instances lock the same rows in the same order and never deadlock; PostgreSQL re-checks an
 * UPDATE's condition on the row it waited for, so the limit holds under any concurrency.
 */
final class JdbcBudgetCounters implements BudgetCounters {
    /** Opens a connection of the ledger's pool, opening the ledger first when needed. */
    @FunctionalInterface
    interface Connections {
        Connection open() throws SQLException;
    }

    private static final String EXISTS = "SELECT spent_usd + reserved_usd FROM budget_counters "
            + "WHERE key_name = ? AND model_alias = ? AND period_start = ?";
    private static final String START = "INSERT INTO budget_counters (key_name, model_alias, period_start, spent_usd, "
            + "reserved_usd) SELECT ?, ?, ?, COALESCE(SUM(cost_usd), 0), 0 FROM ledger_calls "
            + "WHERE key_name = ? AND started_at >= ? AND started_at < ?";
    private static final String RESERVE = "UPDATE budget_counters SET reserved_usd = reserved_usd + ? "
            + "WHERE key_name = ? AND model_alias = ? AND period_start = ? "
            + "AND spent_usd + reserved_usd < ? AND spent_usd + reserved_usd + ? <= ?";
    private static final String SETTLE = "UPDATE budget_counters SET reserved_usd = reserved_usd - ?, "
            + "spent_usd = spent_usd + ? WHERE key_name = ? AND model_alias = ? AND period_start = ?";

    private final Connections connections;
    private final BiFunction<String, Exception, LedgerUnavailableException> unavailable;
    /** Counters known to exist, so that a reservation does not look for them again. */
    private final Set<String> started = ConcurrentHashMap.newKeySet();

    /** @param unavailable the store's translation of a failure, which keeps credentials out of the message */
    JdbcBudgetCounters(Connections connections, BiFunction<String, Exception, LedgerUnavailableException> unavailable) {
        this.connections = connections;
        this.unavailable = unavailable;
    }

    @Override
    public Optional<Shortfall> reserve(List<Counter> counters, BigDecimal usd) {
        try (Connection connection = connections.open()) {
            for (Counter counter : counters) {
                start(connection, counter);
            }
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement(RESERVE)) {
                for (int i = 0; i < counters.size(); i++) {
                    Counter counter = counters.get(i);
                    update.setBigDecimal(1, usd);
                    identify(update, 2, counter);
                    update.setBigDecimal(5, counter.limit());
                    update.setBigDecimal(6, usd);
                    update.setBigDecimal(7, counter.limit());
                    if (update.executeUpdate() == 0) {
                        BigDecimal committed = committed(connection, counter);
                        connection.rollback();
                        return Optional.of(new Shortfall(i, committed));
                    }
                }
                connection.commit();
                return Optional.empty();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable.apply("cannot reserve in the budget counters of", e);
        }
    }

    @Override
    public void settle(List<Counter> counters, BigDecimal reserved, BigDecimal cost) {
        try (Connection connection = connections.open()) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement(SETTLE)) {
                for (Counter counter : counters) {
                    update.setBigDecimal(1, reserved);
                    update.setBigDecimal(2, cost);
                    identify(update, 3, counter);
                    update.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable.apply("cannot settle in the budget counters of", e);
        }
    }

    /** Makes the counter from the ledger's sum unless it is there; another instance may make it first. */
    private void start(Connection connection, Counter counter) throws SQLException {
        String id = counter.keyName() + '\u0000' + counter.alias().orElse("") + '\u0000' + counter.periodStart();
        if (started.contains(id)) {
            return;
        }
        try (PreparedStatement exists = connection.prepareStatement(EXISTS)) {
            identify(exists, 1, counter);
            try (ResultSet row = exists.executeQuery()) {
                if (row.next()) {
                    started.add(id);
                    return;
                }
            }
        }
        String sql = START + (counter.alias().isPresent() ? " AND model_alias = ?" : "");
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            identify(insert, 1, counter);
            insert.setString(4, counter.keyName());
            insert.setObject(5, utc(counter.periodStart()));
            insert.setObject(6, utc(counter.periodEnd()));
            if (counter.alias().isPresent()) {
                insert.setString(7, counter.alias().get());
            }
            insert.executeUpdate();
        } catch (SQLException e) {
            // 23xxx: integrity constraint violation, here the primary key: another instance made it first.
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
        }
        started.add(id);
    }

    private static BigDecimal committed(Connection connection, Counter counter) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(EXISTS)) {
            identify(select, 1, counter);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getBigDecimal(1) : BigDecimal.ZERO;
            }
        }
    }

    private static void identify(PreparedStatement statement, int first, Counter counter) throws SQLException {
        statement.setString(first, counter.keyName());
        statement.setString(first + 1, counter.alias().orElse(""));
        statement.setObject(first + 2, utc(counter.periodStart()));
    }

    private static LocalDateTime utc(java.time.Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
