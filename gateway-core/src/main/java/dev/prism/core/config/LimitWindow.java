package dev.prism.core.config;

import java.time.Duration;

/** The window a rate limit refills over, as in {@code requests_per_minute}. */
public enum LimitWindow {
    SECOND("second", Duration.ofSeconds(1)),
    MINUTE("minute", Duration.ofMinutes(1)),
    HOUR("hour", Duration.ofHours(1)),
    DAY("day", Duration.ofDays(1));

    private final String configName;
    private final Duration length;

    LimitWindow(String configName, Duration length) {
        this.configName = configName;
        this.length = length;
    }

    public String configName() {
        return configName;
    }

    public Duration length() {
        return length;
    }
}
