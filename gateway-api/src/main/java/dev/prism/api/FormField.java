package dev.prism.api;

import java.util.Objects;

/**
 * One text field of a multipart form, exactly as the client sent it, bracket notation included
 * ({@code timestamp_granularities[]}, {@code chunking_strategy[type]}).
 */
public record FormField(String name, String value) {
    public FormField {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(value, "value is null");
    }
}
