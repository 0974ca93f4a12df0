package dev.prism.core.config;

import java.nio.file.Path;

/** @param dir the directory of third-party plugin jars, loaded at startup */
public record PluginSettings(Path dir) {}
