package dev.prism.plugin.ledger.jdbc;

import dev.prism.core.ledger.LedgerBackend;
import dev.prism.core.ledger.LedgerSettings;
import dev.prism.core.ledger.LedgerStore;

/** The ledger in a database reached over JDBC: H2 (embedded, the default) and PostgreSQL. */
public final class JdbcLedgerBackend implements LedgerBackend {
    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public String urlForms() {
        return "jdbc:h2:file:PATH (embedded H2), jdbc:postgresql://HOST:PORT/DATABASE";
    }

    @Override
    public boolean serves(String url) {
        return SqlDialect.of(url).isPresent();
    }

    @Override
    public LedgerStore create(LedgerSettings settings) {
        return new JdbcLedgerStore(settings, SqlDialect.of(settings.url()).orElseThrow(
                () -> new IllegalArgumentException("not a URL of H2 or PostgreSQL: " + settings.redactedUrl())));
    }
}
