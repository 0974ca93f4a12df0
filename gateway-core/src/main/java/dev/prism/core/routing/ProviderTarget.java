package dev.prism.core.routing;

import java.util.Objects;

/**
 * One place an alias can be served: a configured provider and the model name it gets.
 *
 * @param weight the share of traffic under the {@code weighted} strategy
 */
public record ProviderTarget(String provider, String model, int weight) {
    public ProviderTarget {
        Objects.requireNonNull(provider, "provider is null");
        Objects.requireNonNull(model, "model is null");
        if (weight < 0) {
            throw new IllegalArgumentException("weight is negative");
        }
    }

    /** How the target shows in headers, health and errors: {@code provider/model}. */
    public String id() {
        return provider + "/" + model;
    }
}
