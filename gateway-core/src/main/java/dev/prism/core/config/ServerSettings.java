package dev.prism.core.config;

import java.util.Optional;

/**
 * @param maxUploadBytes the largest upload accepted; larger ones get 413
 * @param publicUrl the base URL clients reach Prism at, for links Prism hands out (served images);
 *     empty means {@code http://host:port}
 * @param spoolDir where uploads larger than memory allows are spooled; empty means {@code prism-uploads-<user>}
 *     under {@code $TMPDIR}, else under {@code java.io.tmpdir}
 */
public record ServerSettings(String host, int port, long maxUploadBytes, Optional<String> publicUrl, Optional<String> spoolDir) {}
