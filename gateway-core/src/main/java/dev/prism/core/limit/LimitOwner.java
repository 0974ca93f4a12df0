package dev.prism.core.limit;

import java.util.Objects;

/** Whose limit it is: a key's, a model alias's (all keys together) or a provider's. */
public record LimitOwner(Kind kind, String name) {
    public enum Kind {
        KEY("key"),
        MODEL("model"),
        PROVIDER("provider");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** {@code key}, {@code model}, {@code provider}: as in messages and metrics. */
        public String word() {
            return word;
        }
    }

    public LimitOwner {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(name, "name is null");
    }

    /** {@code key team-a}, {@code model dall-e-3}, {@code provider openai}: for messages. */
    public String describe() {
        return kind.word + " " + name;
    }

    /** A store id prefix: the name's length keeps {@code a:b} of one kind apart from {@code a} with a suffix. */
    String id() {
        return kind.word + ":" + name.length() + ":" + name;
    }
}
