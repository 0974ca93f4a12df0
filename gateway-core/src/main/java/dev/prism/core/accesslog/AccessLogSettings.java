package dev.prism.core.accesslog;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code access_log:} section.
 *
 * @param enabled whether every media request leaves a line
 * @param file the file the lines are appended to, or empty for standard output
 */
public record AccessLogSettings(boolean enabled, Optional<Path> file) {
    /** On, to standard output. */
    public static final AccessLogSettings DEFAULT = new AccessLogSettings(true, Optional.empty());

    public AccessLogSettings {
        Objects.requireNonNull(file, "file is null");
    }
}
