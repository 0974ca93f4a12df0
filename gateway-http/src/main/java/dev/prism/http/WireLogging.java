package dev.prism.http;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps Helidon's protocol traces out of the logs. At FINE and below they print every header sent
 * and received, {@code Authorization} included: the client's virtual key and the upstream's API
 * key. Secrets never appear in logs, whatever level an operator turns logging up to, so these
 * loggers stop at INFO.
 */
final class WireLogging {
    private static final List<String> HEADER_TRACING_LOGGERS = List.of(
            "io.helidon.webserver.http1",
            "io.helidon.webserver.http2",
            "io.helidon.webclient.http1",
            "io.helidon.webclient.http2",
            "io.helidon.webclient.api");

    /** Strong references: java.util.logging forgets the level of a logger nobody holds. */
    private static final List<Logger> SILENCED = HEADER_TRACING_LOGGERS.stream().map(Logger::getLogger).toList();

    private WireLogging() {}

    static void keepHeadersOutOfLogs() {
        SILENCED.forEach(logger -> logger.setLevel(Level.INFO));
    }
}
