package dev.prism.core.limit;

import dev.prism.core.config.Allowance;
import java.time.Duration;
import java.util.Objects;

/**
 * One token bucket: its id in the store, its capacity, and the window it refills over
 * (continuously: {@code capacity} tokens per {@code window}). The id names the limit it serves and
 * its size, so a limit changed in the configuration starts a new bucket instead of inheriting the
 * old one's count.
 *
 * @param id unique per owner and limit, safe as a Redis key: no secret, only names from the configuration
 */
public record BucketSpec(String id, long capacity, Duration window) {
    public BucketSpec {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(window, "window is null");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
    }

    /** The bucket of {@code owner}'s {@code allowance}. */
    public static BucketSpec of(LimitOwner owner, Allowance allowance) {
        return new BucketSpec(owner.id() + ":" + allowance.configName() + ":" + allowance.amount(), allowance.capacity(),
                allowance.window().length());
    }
}
