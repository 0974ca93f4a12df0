package dev.prism.core.pipeline;

import dev.prism.api.MediaRequest;
import dev.prism.core.keys.VirtualKey;
import dev.prism.core.routing.ModelRoute;
import dev.prism.core.record.CallRecord;
import java.util.Objects;

/**
 * One client request on its way through the policies: who asked, what, and where it may go.
 *
 * @param requestId the id the client sees in {@code x-request-id}
 * @param cache what the client asked of the cache
 * @param record where the policies and the dispatch write what happens to the call
 */
public record MediaCall(
        String requestId, VirtualKey key, MediaRequest request, ModelRoute route, CacheDirectives cache, CallRecord record) {
    public MediaCall {
        Objects.requireNonNull(requestId, "requestId is null");
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(request, "request is null");
        Objects.requireNonNull(route, "route is null");
        Objects.requireNonNull(cache, "cache is null");
        Objects.requireNonNull(record, "record is null");
    }

    /** A call whose record nobody listens to: for tests and tools that exercise one policy. */
    public MediaCall(String requestId, VirtualKey key, MediaRequest request, ModelRoute route, CacheDirectives cache) {
        this(requestId, key, request, route, cache, CallRecord.detached(requestId, java.time.Clock.systemUTC()));
    }
}
