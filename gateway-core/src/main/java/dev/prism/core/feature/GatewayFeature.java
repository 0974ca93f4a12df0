package dev.prism.core.feature;

import com.google.inject.Module;
import dev.prism.core.config.ConfigNode;
import java.util.Optional;

/**
 * A part of the gateway that owns one top-level section of the configuration file and, when its
 * settings turn it on, one Guice module: the cache owns {@code cache:}, the shared Redis connection
 * owns {@code redis:}. Found with {@link java.util.ServiceLoader} (a line in
 * {@code META-INF/services/dev.prism.core.feature.GatewayFeature}), so a new section is one class
 * and that line, with no edit to a central record or loader.
 *
 * <p>The configuration loader reads every discovered feature's section, present or not, after the
 * core sections and before anything is wired: each problem a feature reports (a
 * {@link dev.prism.core.config.ConfigException} with its path) is collected with the others and
 * shown at start-up. A top-level key that no feature and no core section claims stays an error,
 * with the closest known key suggested. Implementations are stateless and thread-safe.
 *
 * @param <S> the section's settings, read once: an immutable record, unique to this feature
 */
public interface GatewayFeature<S> {
    /** The top-level key this feature reads, such as {@code cache}: lower case, digits and {@code _}. */
    String configKey();

    /** The type of the settings {@link #read} returns; other features and the core ask for them by it. */
    Class<S> settingsType();

    /**
     * Reads and checks the section, refusing unknown keys ({@link ConfigNode#rejectUnknownKeys()}).
     *
     * @param section the section, {@link ConfigNode#isMissing() missing} when the file has none:
     *     then the defaults
     * @param others the settings of other features, such as the shared Redis connection the cache
     *     uses; read on demand, whatever the order features are found in
     * @throws dev.prism.core.config.ConfigException naming the path of each problem
     */
    S read(ConfigNode section, FeatureSettings others);

    /**
     * The module that wires the feature, or empty when {@code settings} leave it off: chosen once,
     * at boot. It may bind {@link dev.prism.core.pipeline.CallPolicy}, {@link
     * dev.prism.core.record.CallListener}, {@link dev.prism.core.StartupCheck} and {@link
     * AutoCloseable} into their sets, and inject {@link dev.prism.core.config.GatewayConfig}.
     */
    default Optional<Module> module(S settings) {
        return Optional.empty();
    }

    /** The feature's line in the start-up banner, if it has one. It must hold no secret. */
    default Optional<BannerLine> bannerLine(S settings) {
        return Optional.empty();
    }
}
