package dev.prism.core.pipeline;

import dev.prism.api.GatewayException;
import dev.prism.api.MediaRequest;
import dev.prism.core.keys.KeyRing;
import dev.prism.core.keys.VirtualKey;
import dev.prism.core.routing.ModelCatalog;
import dev.prism.core.routing.ModelRoute;
import java.util.List;

/**
 * The use cases of Prism, whatever the transport: authenticate a key, list the models it may use,
 * and serve a media request through the policies to a provider.
 */
public final class MediaGateway {
    private final KeyRing keys;
    private final ModelCatalog catalog;
    private final TargetInvoker invoker;
    private final PolicyChain chain;

    public MediaGateway(KeyRing keys, ModelCatalog catalog, TargetInvoker invoker, PolicyChain chain) {
        this.keys = keys;
        this.catalog = catalog;
        this.invoker = invoker;
        this.chain = chain;
    }

    /** @see KeyRing#authenticate(String) */
    public VirtualKey authenticate(String authorization) {
        return keys.authenticate(authorization);
    }

    public List<ModelRoute> models(VirtualKey key) {
        return catalog.visibleTo(key);
    }

    public ModelRoute model(String alias, VirtualKey key) {
        return catalog.visibleRoute(alias, key);
    }

    /**
     * Checks the model exists, the key may use it and some target can serve the operation, then
     * runs the request through the policies. The caller closes the response.
     *
     * @throws GatewayException for every refusal and failure, categorised
     */
    public GatewayResponse serve(String requestId, VirtualKey key, MediaRequest request) {
        return serve(requestId, key, request, CacheDirectives.NONE);
    }

    /** As {@link #serve(String, VirtualKey, MediaRequest)}, with the client's cache directives. */
    public GatewayResponse serve(String requestId, VirtualKey key, MediaRequest request, CacheDirectives cache) {
        ModelRoute route = catalog.routeFor(request.model(), key);
        if (route.targets().stream().noneMatch(t -> invoker.supports(t, request))) {
            throw GatewayException.invalid("model", "The model `" + request.model() + "` does not support "
                    + request.operation().configName() + ".");
        }
        return chain.run(new MediaCall(requestId, key, request, route, cache));
    }
}
