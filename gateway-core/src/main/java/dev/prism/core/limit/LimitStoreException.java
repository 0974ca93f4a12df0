package dev.prism.core.limit;

/** The limit store could not be asked: a server out of reach, a timeout, an open breaker. */
public final class LimitStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LimitStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
