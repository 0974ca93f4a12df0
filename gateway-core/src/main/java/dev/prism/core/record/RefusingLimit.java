package dev.prism.core.record;

import java.util.Objects;

/**
 * Which of Prism's own rate limits refused a call: a fact for metrics and logs, so that nobody
 * parses the error message. Both values come from the configuration's vocabulary, never from a
 * client.
 *
 * @param owner whose limit: {@code key}, {@code model} or {@code provider}
 * @param limit the setting's name: {@code requests_per_minute}, {@code audio_seconds_per_day},
 *     {@code max_concurrent}, ...
 */
public record RefusingLimit(String owner, String limit) {
    public RefusingLimit {
        Objects.requireNonNull(owner, "owner is null");
        Objects.requireNonNull(limit, "limit is null");
    }
}
