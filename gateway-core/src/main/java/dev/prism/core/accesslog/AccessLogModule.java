package dev.prism.core.accesslog;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.prism.core.StartupCheck;
import dev.prism.core.config.ConfigException;
import dev.prism.core.cost.CallPricing;
import dev.prism.core.record.CallListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Writes a line for every completed call: binds the {@link AccessLog} as a {@link CallListener} and
 * a closeable (closed after the call recorder, so the last calls' lines are written before the
 * file closes). Installed only when {@code access_log.enabled}.
 */
public final class AccessLogModule extends AbstractModule {
    private final AccessLogSettings settings;

    public AccessLogModule(AccessLogSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), CallPricing.class);
        Multibinder.newSetBinder(binder(), CallListener.class).addBinding().to(AccessLog.class);
        Multibinder.newSetBinder(binder(), AutoCloseable.class).addBinding().to(AccessLog.class);
    }

    @Provides
    @Singleton
    AccessLog accessLog(Optional<CallPricing> pricing) {
        return new AccessLog(new AccessLogLine(pricing), this::open);
    }

    /** The file is opened before the gateway listens, so a path it cannot write is one line at start. */
    @ProvidesIntoSet
    StartupCheck openFile(AccessLog log) {
        return log::open;
    }

    private OutputStream open() {
        if (settings.file().isEmpty()) {
            // Looked up now, not at class loading: whoever set System.out (a test runner) gets the lines.
            return new StandardOutput(System.out);
        }
        Path file = settings.file().get();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new ConfigException("access_log.file", "cannot append to " + file.toAbsolutePath() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
