package dev.prism.core.ledger;

import dev.prism.api.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code ledger:} section.
 *
 * @param enabled whether every call leaves a row
 * @param url the JDBC URL of the database; may hold credentials, so it never goes into a message as
 *     is: use {@link #redactedUrl()}
 * @param user the database user, when the URL does not name one
 * @param password the database password, when the URL does not hold one
 * @param queueRows rows held in memory while they wait for the database; more go to the spill files
 * @param batchRows the most rows written in one transaction
 * @param spillDir where rows go when memory is full and the database out of reach
 * @param spillMaxBytes the most the spill files may hold together; rows beyond are counted and logged
 * @param retryBackoff the wait before the first retry after the database failed; doubles after each failure
 * @param retryMaxBackoff the longest wait between retries
 * @param connectTimeout the longest a write waits for a connection (and a query of PostgreSQL for its answer)
 * @param flushTimeout at shutdown, how long the rows still held may take to reach the database
 *     before the rest is written to the spill files
 * @param poolSize connections to the database: one writes, the others answer queries
 */
public record LedgerSettings(
        boolean enabled,
        String url,
        Optional<String> user,
        Optional<Secret> password,
        int queueRows,
        int batchRows,
        Path spillDir,
        long spillMaxBytes,
        Duration retryBackoff,
        Duration retryMaxBackoff,
        Duration connectTimeout,
        Duration flushTimeout,
        int poolSize) {
    /** The embedded database: a file under {@code ./data}, nothing to install. */
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/prism-ledger";
    public static final LedgerSettings DEFAULT = new LedgerSettings(true, DEFAULT_URL, Optional.empty(), Optional.empty(),
            10_000, 500, Path.of("data", "ledger-spill"), 256L * 1024 * 1024, Duration.ofMillis(200),
            Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(5), 4);

    public LedgerSettings {
        Objects.requireNonNull(url, "url is null");
        Objects.requireNonNull(user, "user is null");
        Objects.requireNonNull(password, "password is null");
        Objects.requireNonNull(spillDir, "spillDir is null");
        Objects.requireNonNull(retryBackoff, "retryBackoff is null");
        Objects.requireNonNull(retryMaxBackoff, "retryMaxBackoff is null");
        Objects.requireNonNull(connectTimeout, "connectTimeout is null");
        Objects.requireNonNull(flushTimeout, "flushTimeout is null");
    }

    /** The same settings at another database, with no credentials of their own. */
    public LedgerSettings withUrl(String otherUrl) {
        return new LedgerSettings(enabled, otherUrl, Optional.empty(), Optional.empty(), queueRows, batchRows, spillDir,
                spillMaxBytes, retryBackoff, retryMaxBackoff, connectTimeout, flushTimeout, poolSize);
    }

    /** The same settings spilling to {@code dir}. */
    public LedgerSettings withSpillDir(Path dir) {
        return new LedgerSettings(enabled, url, user, password, queueRows, batchRows, dir, spillMaxBytes, retryBackoff,
                retryMaxBackoff, connectTimeout, flushTimeout, poolSize);
    }

    /** Without the URL's credentials and parameters, nor the password: settings may be printed when debugging. */
    @Override
    public String toString() {
        return "LedgerSettings[enabled=" + enabled + ", url=" + redactedUrl() + ", user=" + user.orElse("(none)")
                + ", password=" + password.map(Secret::toString).orElse("(none)") + ", queueRows=" + queueRows
                + ", batchRows=" + batchRows + ", spillDir=" + spillDir + ", spillMaxBytes=" + spillMaxBytes
                + ", retryBackoff=" + retryBackoff + ", retryMaxBackoff=" + retryMaxBackoff + ", connectTimeout="
                + connectTimeout + ", flushTimeout=" + flushTimeout + ", poolSize=" + poolSize + "]";
    }

    /** The URL without credentials or parameters: safe for the banner and the logs. */
    public String redactedUrl() {
        return LedgerUrls.redact(url);
    }

    /** {@code text} with the password masked, for messages that quote a database driver. */
    public String redact(String text) {
        String masked = LedgerUrls.maskCredentials(text, url);
        if (password.isPresent() && !password.get().isEmpty()) {
            masked = masked.replace(password.get().reveal(), "****");
        }
        return masked;
    }
}
