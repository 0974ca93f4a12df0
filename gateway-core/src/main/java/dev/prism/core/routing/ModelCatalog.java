package dev.prism.core.routing;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.keys.VirtualKey;
import java.util.List;
import java.util.Map;

/** The aliases clients may ask for, and which of them a key may use. */
public final class ModelCatalog {
    private final Map<String, ModelRoute> routes;

    public ModelCatalog(Map<String, ModelRoute> routes) {
        this.routes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(routes));
    }

    /**
     * The route of an alias the key may use.
     *
     * @throws GatewayException 404 {@code model_not_found} for an unknown alias, 403
     *     {@code model_not_allowed} when the key may not use it
     */
    public ModelRoute routeFor(String alias, VirtualKey key) {
        ModelRoute route = routes.get(alias);
        if (route == null) {
            throw notFound(alias);
        }
        if (!key.mayUse(alias)) {
            throw new GatewayException(ErrorKind.PERMISSION,
                    "The key '" + key.name() + "' may not use the model `" + alias + "`.", "model", "model_not_allowed");
        }
        return route;
    }

    /**
     * The route of an alias for listing: an alias the key may not use does not exist for it, as
     * OpenAI answers.
     */
    public ModelRoute visibleRoute(String alias, VirtualKey key) {
        ModelRoute route = routes.get(alias);
        if (route == null || !key.mayUse(alias)) {
            throw notFound(alias);
        }
        return route;
    }

    /** The aliases the key may use, in configuration order. */
    public List<ModelRoute> visibleTo(VirtualKey key) {
        return routes.values().stream().filter(r -> key.mayUse(r.alias())).toList();
    }

    private static GatewayException notFound(String alias) {
        return new GatewayException(ErrorKind.NOT_FOUND,
                "The model `" + alias + "` does not exist or you do not have access to it.", "model", "model_not_found");
    }
}
