package dev.prism.core.ledger;

/**
 * A kind of database the ledger can write to, found with {@link java.util.ServiceLoader} (a line
 * in {@code META-INF/services/dev.prism.core.ledger.LedgerBackend} of its jar) and chosen by the
 * URL in {@code ledger.url}. The JDBC back end (the {@code prism-plugin-ledger-jdbc} jar) serves
 * H2 and PostgreSQL.
 */
public interface LedgerBackend {
    /** A short name for messages: {@code jdbc}. */
    String name();

    /** The URLs this back end serves, for the message when none serves {@code ledger.url}: {@code jdbc:h2:..., jdbc:postgresql://...}. */
    String urlForms();

    /** Whether this back end serves the database at {@code url}. */
    boolean serves(String url);

    /**
     * A store for the settings' database. It must not connect yet: that happens in {@link
     * LedgerStore#open()}, on the writer's thread, so that start-up does not wait for a database.
     */
    LedgerStore create(LedgerSettings settings);
}
