package dev.prism.core.config;

import java.time.Duration;

/** @param deadline the longest all attempts of one request may take together, unless its alias sets one */
public record RoutingSettings(Duration deadline) {}
