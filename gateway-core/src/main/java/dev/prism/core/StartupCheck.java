package dev.prism.core;

/**
 * A check of something outside the gateway (a Redis, a database) that runs once the core is wired
 * and before the gateway listens. Feature modules add theirs to the set; the transport adapter runs
 * them all.
 */
public interface StartupCheck {
    /**
     * Checks, within a short bound of its own. Logs one WARN line and returns when the gateway can
     * serve without the thing; throws {@link dev.prism.core.config.ConfigException}, naming the
     * setting and what was tried, when the configuration says it must not.
     */
    void run();
}
