package dev.prism.core.cost;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a model's prices come from.
 *
 * @param origin the price list they are in (such as {@code openai}), or {@code config} for the
 *     configuration's {@code pricing} section
 * @param reference where the figures were read (a URL), or the operator's note
 * @param asOf the day the figures were taken from their reference
 */
public record PriceSource(String origin, Optional<String> reference, Optional<LocalDate> asOf) {
    /** The origin of prices set in the configuration file. */
    public static final String CONFIG = "config";

    public PriceSource {
        Objects.requireNonNull(origin, "origin is null");
        Objects.requireNonNull(reference, "reference is null");
        Objects.requireNonNull(asOf, "asOf is null");
    }
}
