package dev.prism.core.keys;

/** A key of that name is there already: names are unique among the configured and the stored keys. */
public final class KeyNameTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KeyNameTakenException(String name) {
        super("a key named '" + name + "' exists already", null, false, false);
    }
}
