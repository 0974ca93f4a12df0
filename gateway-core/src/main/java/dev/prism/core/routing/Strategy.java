package dev.prism.core.routing;

import java.util.Arrays;
import java.util.Optional;

/** How an alias picks among its targets; every strategy still falls back on failure. */
public enum Strategy {
    /** Targets in the configured order. */
    FALLBACK("fallback"),
    /** A random target in proportion to the weights first, then the others. */
    WEIGHTED("weighted"),
    /** The target with the lowest recent latency first. */
    LEAST_LATENCY("least-latency");

    private final String configName;

    Strategy(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Optional<Strategy> fromConfigName(String name) {
        return Arrays.stream(values()).filter(s -> s.configName.equals(name)).findFirst();
    }
}
