package dev.prism.plugin.ledger.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prism.core.keys.KeyNameTakenException;
import dev.prism.core.keys.StoredKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The {@code prism_keys} table (migrations V3 and V4), the same SQL on H2 and PostgreSQL. */
final class KeyTable {
    /** Both databases report a broken unique constraint with this SQL state. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeyTable() {}

    static List<StoredKey> all(Connection connection) throws SQLException {
        List<StoredKey> keys = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT name, key_sha256, models, budget, rate_limit, created_at FROM prism_keys ORDER BY name");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                keys.add(new StoredKey(rows.getString("name"), HexFormat.of().parseHex(rows.getString("key_sha256").trim()),
                        models(rows.getString("models")), Optional.ofNullable(rows.getString("budget")),
                        Optional.ofNullable(rows.getString("rate_limit")),
                        rows.getObject("created_at", LocalDateTime.class).toInstant(ZoneOffset.UTC)));
            }
        }
        return keys;
    }

    static void add(Connection connection, StoredKey key) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO prism_keys (name, key_sha256, models, budget, rate_limit, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, key.name());
            insert.setString(2, HexFormat.of().formatHex(key.sha256()));
            setText(insert, 3, key.models().map(KeyTable::json).orElse(null));
            setText(insert, 4, key.budgetJson().orElse(null));
            setText(insert, 5, key.rateLimitJson().orElse(null));
            insert.setObject(6, LocalDateTime.ofInstant(key.created(), ZoneOffset.UTC));
            insert.executeUpdate();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new KeyNameTakenException(key.name());
            }
            throw e;
        }
    }

    static boolean remove(Connection connection, String name) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM prism_keys WHERE name = ?")) {
            delete.setString(1, name);
            return delete.executeUpdate() > 0;
        }
    }

    private static void setText(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }

    private static String json(Set<String> models) {
        try {
            return JSON.writeValueAsString(models.stream().sorted().toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Set<String>> models(String json) throws SQLException {
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LinkedHashSet<>(JSON.readValue(json, new TypeReference<List<String>>() {})));
        } catch (JsonProcessingException e) {
            throw new SQLException("prism_keys.models is not a JSON array of names", e);
        }
    }
}
