package dev.prism.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Logging for {@code prism run}: one line a record on standard error (standard output is kept for
 * the access log), Prism's own records at INFO, the libraries' start-up chatter only from WARNING.
 * An operator's own {@code java.util.logging.config.file} wins over all of it.
 */
final class LogSetup {
    /** Strong references: java.util.logging forgets the level of a logger nobody holds. */
    private static Logger prism;

    private LogSetup() {}

    static void configure(boolean debug) {
        if (System.getProperty("java.util.logging.config.file") == null
                && System.getProperty("java.util.logging.config.class") == null) {
            try (InputStream in = LogSetup.class.getResourceAsStream("logging.properties")) {
                LogManager.getLogManager().readConfiguration(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the built-in logging configuration", e);
            }
        }
        if (debug) {
            prism = Logger.getLogger("dev.prism");
            prism.setLevel(Level.FINE);
        }
        // Helidon's protocol traces print headers, keys included: never below INFO, whatever the file says.
        WireLogging.keepHeadersOutOfLogs();
    }
}
