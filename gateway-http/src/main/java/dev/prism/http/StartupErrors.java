package dev.prism.http;

import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import dev.prism.core.config.ConfigException;
import java.util.Collection;

/** Finds what an operator needs to read in what the wiring threw at start-up. */
final class StartupErrors {
    private StartupErrors() {}

    /** Guice wraps what the wiring throws; a configuration error deep inside is still one. */
    static ConfigException configErrorIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException c) {
                return c;
            }
            Collection<Message> messages = t instanceof CreationException creation ? creation.getErrorMessages()
                    : t instanceof ProvisionException provision ? provision.getErrorMessages() : java.util.List.of();
            for (Message message : messages) {
                ConfigException inner = message.getCause() == null ? null : configErrorIn(message.getCause());
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** The innermost cause's message: what actually went wrong, without the layers around it. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
