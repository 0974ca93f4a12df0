package dev.prism.plugin.ledger.jdbc;

import dev.prism.core.ledger.BudgetCounters;
import dev.prism.core.ledger.LedgerUnavailableException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
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
    private static final String HOLD = "INSERT INTO budget_reservations (call_id, key_name, model_alias, period_start, usd, "
            + "expires_at) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String RELEASE = "DELETE FROM budget_reservations WHERE call_id = ? AND model_alias = ?";
    private static final String SETTLE = "UPDATE budget_counters SET reserved_usd = reserved_usd - ?, "
            + "spent_usd = spent_usd + ? WHERE key_name = ? AND model_alias = ? AND period_start = ?";
    private static final String EXPIRED = "SELECT call_id, key_name, model_alias, period_start, usd FROM budget_reservations "
            + "WHERE expires_at < ?";
    /** How often each Prism looks for expired reservations. */
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final Connections connections;
    private final BiFunction<String, Exception, LedgerUnavailableException> unavailable;
    /** Counters known to exist, so that a reservation does not look for them again. */
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Instant> lastSweep = new AtomicReference<>(Instant.MIN);

    /** @param unavailable the store's translation of a failure, which keeps credentials out of the message */
    JdbcBudgetCounters(Connections connections, BiFunction<String, Exception, LedgerUnavailableException> unavailable) {
        this.connections = connections;
        this.unavailable = unavailable;
    }

    @Override
    public Optional<Shortfall> reserve(String callId, Instant now, List<Counter> counters, BigDecimal usd) {
        try (Connection connection = connections.open()) {
            sweepIfDue(connection, now);
            for (Counter counter : counters) {
                start(connection, counter);
            }
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement(RESERVE);
                    PreparedStatement hold = connection.prepareStatement(HOLD)) {
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
                    hold.setString(1, callId);
                    identify(hold, 2, counter);
                    hold.setBigDecimal(5, usd);
                    hold.setObject(6, utc(now.plus(BudgetCounters.HOLD)));
                    hold.executeUpdate();
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
    public void settle(String callId, List<Counter> counters, BigDecimal cost) {
        try (Connection connection = connections.open()) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement(SETTLE)) {
                for (Counter counter : counters) {
                    // Only what is still held is given back: an expired reservation was given back by a sweep.
                    update.setBigDecimal(1, release(connection, callId, counter.alias().orElse("")).orElse(BigDecimal.ZERO));
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

    /**
     * The amount of the call's reservation in one counter, deleted; empty when it is not there
     * (settled, or given back after it expired). The row lock of the DELETE makes one Prism the
     * one that gives it back.
     */
    private static Optional<BigDecimal> release(Connection connection, String callId, String alias) throws SQLException {
        BigDecimal usd;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT usd FROM budget_reservations WHERE call_id = ? AND model_alias = ?")) {
            select.setString(1, callId);
            select.setString(2, alias);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                usd = row.getBigDecimal(1);
            }
        }
        try (PreparedStatement delete = connection.prepareStatement(RELEASE)) {
            delete.setString(1, callId);
            delete.setString(2, alias);
            return delete.executeUpdate() == 1 ? Optional.of(usd) : Optional.empty();
        }
    }

    /** Gives back the reservations that expired (their Prism went away before settling them), at most once a minute. */
    private void sweepIfDue(Connection connection, Instant now) throws SQLException {
        Instant last = lastSweep.get();
        if (now.isBefore(last.plus(SWEEP_EVERY)) || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        record Expired(String callId, Counter counter) {}
        List<Expired> expired = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(EXPIRED)) {
            select.setObject(1, utc(now));
            select.setMaxRows(1000);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String alias = rows.getString(3);
                    expired.add(new Expired(rows.getString(1), new Counter(rows.getString(2),
                            alias.isEmpty() ? Optional.empty() : Optional.of(alias),
                            rows.getObject(4, LocalDateTime.class).toInstant(ZoneOffset.UTC), now, BigDecimal.ZERO)));
                }
            }
        }
        for (Expired one : expired) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement(SETTLE)) {
                Optional<BigDecimal> held = release(connection, one.callId(), one.counter().alias().orElse(""));
                if (held.isPresent()) {
                    update.setBigDecimal(1, held.get());
                    update.setBigDecimal(2, BigDecimal.ZERO);
                    identify(update, 3, one.counter());
                    update.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
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

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
