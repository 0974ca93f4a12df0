package dev.prism.core.config;

/**
 * A configuration the gateway cannot start with. The message starts with the path of the setting
 * at fault ({@code server.port: expected a number}) and is meant for the operator as is.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String path, String message) {
        super(path.isEmpty() ? message : path + ": " + message, null, false, false);
    }
}
