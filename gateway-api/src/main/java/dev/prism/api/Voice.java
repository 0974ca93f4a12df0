package dev.prism.api;

import java.util.Objects;

/**
 * A speech voice: a built-in voice by name ({@code "alloy"}) or a custom voice by id
 * ({@code {"id": "voice_1234"}} on the wire).
 */
public record Voice(String name, boolean custom) {
    public Voice {
        Objects.requireNonNull(name, "name is null");
    }

    public static Voice named(String name) {
        return new Voice(name, false);
    }

    public static Voice custom(String id) {
        return new Voice(id, true);
    }
}
