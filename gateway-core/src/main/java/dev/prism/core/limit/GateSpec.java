package dev.prism.core.limit;

import java.util.Objects;

/**
 * A cap on calls in flight at once: at most {@code max} holders.
 *
 * @param id unique per owner, safe as a Redis key
 */
public record GateSpec(String id, int max) {
    public GateSpec {
        Objects.requireNonNull(id, "id is null");
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
    }

    public static GateSpec of(LimitOwner owner, int max) {
        return new GateSpec(owner.id() + ":max_concurrent", max);
    }
}
