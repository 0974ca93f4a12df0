package dev.prism.http;

import dev.prism.core.telemetry.CallTracer;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webclient.api.HttpClientRequest;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.ArrayList;
import java.util.List;

/**
 * W3C trace context ({@link CallTracer#PROPAGATOR}) over Helidon's headers: read from a client's
 * request, written to an upstream's.
 */
final class TraceHeaders {
    private static final TextMapGetter<Headers> FROM_CLIENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> names = new ArrayList<>(headers.size());
            headers.forEach(h -> names.add(h.name()));
            return names;
        }

        @Override
        public String get(Headers headers, String key) {
            if (headers == null) {
                return null;
            }
            HeaderName name = switch (key) {
                case "traceparent" -> TRACEPARENT;
                case "tracestate" -> TRACESTATE;
                default -> HeaderNames.create(key);
            };
            return headers.first(name).orElse(null);
        }
    };
    private static final TextMapSetter<HttpClientRequest> TO_UPSTREAM =
            (request, key, value) -> request.header(HeaderNames.create(key), value);
    private static final HeaderName TRACEPARENT = HeaderNames.create("traceparent");
    private static final HeaderName TRACESTATE = HeaderNames.create("tracestate");

    private TraceHeaders() {}

    /** The client's trace context, or the root context when it sent none (or none that parses). */
    static Context fromClient(Headers headers) {
        return CallTracer.PROPAGATOR.extract(Context.root(), headers, FROM_CLIENT);
    }

    /** Writes {@code context}'s span (the attempt's) to the upstream request, when it has one. */
    static void toUpstream(Context context, HttpClientRequest request) {
        CallTracer.PROPAGATOR.inject(context, request, TO_UPSTREAM);
    }
}
