package dev.prism.core.pipeline;

/**
 * The call was given up by whoever waits for it: the thread serving it was interrupted (the HTTP
 * client went away, the server is stopping). Not a failure of the target: no other target is
 * tried, nothing is retried, the target's health does not suffer, and nobody is left to answer.
 */
public final class CallCancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CallCancelled(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
