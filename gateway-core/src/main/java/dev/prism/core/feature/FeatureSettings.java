package dev.prism.core.feature;

/** The settings of the features a feature reads from, such as the cache reading the shared Redis connection. */
public interface FeatureSettings {
    /**
     * The settings of the feature whose {@link GatewayFeature#settingsType()} is {@code type}.
     *
     * @throws IllegalArgumentException when no discovered feature reads settings of that type
     */
    <S> S of(Class<S> type);
}
