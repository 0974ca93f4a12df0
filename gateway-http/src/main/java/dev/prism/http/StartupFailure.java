package dev.prism.http;

/**
 * The gateway cannot start for a reason outside its configuration file (the port is taken, say).
 * The message is one line for the operator, saying what to change.
 */
final class StartupFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StartupFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
