package dev.prism.core.pipeline;

import dev.prism.api.GatewayException;
import dev.prism.api.MediaRequest;
import dev.prism.core.keys.KeyRing;
import dev.prism.core.keys.VirtualKey;
import dev.prism.core.routing.ModelCatalog;
import dev.prism.core.routing.ModelRoute;
import dev.prism.core.record.CallRecord;
import dev.prism.core.record.CallRecorder;
import dev.prism.core.record.MediaMeter;
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
    private final CallRecorder recorder;
    private final MediaMeter meter;

    public MediaGateway(KeyRing keys, ModelCatalog catalog, TargetInvoker invoker, PolicyChain chain, CallRecorder recorder,
            MediaMeter meter) {
        this.keys = keys;
        this.catalog = catalog;
        this.invoker = invoker;
        this.chain = chain;
        this.recorder = recorder;
        this.meter = meter;
    }

    /**
     * Opens the record of a request as it arrives, before anything about it is known; whoever
     * opens it completes it, also when the request is refused.
     */
    public CallRecord begin(String requestId) {
        return recorder.begin(requestId);
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
     * Checks the model exists, the key may use it and some target can serve the operation, measures
     * what the request asks for, then runs it through the policies. The caller closes the response
     * and completes the record.
     *
     * @throws GatewayException for every refusal and failure, categorised
     */
    public GatewayResponse serve(CallRecord record, VirtualKey key, MediaRequest request, CacheDirectives cache) {
        record.key(key.name());
        ModelRoute route = catalog.routeFor(request.model(), key);
        if (route.targets().stream().noneMatch(t -> invoker.supports(t, request))) {
            throw GatewayException.invalid("model", "The model `" + request.model() + "` does not support "
                    + request.operation().configName() + ".");
        }
        record.measured(meter.measure(request));
        return chain.run(new MediaCall(record.requestId(), key, request, route, cache, record));
    }

    /** As {@link #serve(CallRecord, VirtualKey, MediaRequest, CacheDirectives)}, for a caller that keeps no record. */
    public GatewayResponse serve(String requestId, VirtualKey key, MediaRequest request) {
        return serve(recorder.begin(requestId), key, request, CacheDirectives.NONE);
    }
}
