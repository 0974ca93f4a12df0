package dev.prism.core.telemetry;

import dev.prism.core.cost.CallPricing;
import dev.prism.core.record.CallRecord;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Objects;
import java.util.Optional;

/**
 * Traces calls: a server span per call, opened by the transport with the record, and a client span
 * per upstream attempt under it ({@link SpanTrace}), made current while the provider sends its
 * request so that the request carries it ({@link #PROPAGATOR}). When nothing would receive spans
 * and the client sent no trace context, a call gets no trace at all; spans that are not sampled
 * get no attributes.
 */
public final class CallTracer {
    /**
     * W3C trace context ({@code traceparent}, {@code tracestate}): what the SDK propagates, what is
     * read from clients and written to upstreams. A constant because the upstream transport exists
     * before the SDK is wired; it keeps no state.
     */
    public static final TextMapPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();

    /** The provider of the attempt whose span is current, while it is and when that span is recorded. */
    static final ContextKey<String> ATTEMPT_PROVIDER = ContextKey.named("prism.attempt.provider");

    private final Tracer tracer;
    private final Optional<CallPricing> pricing;
    private final boolean sampling;

    /**
     * @param pricing prices a call for {@code prism.cost_usd}; empty when calls are not priced
     * @param sampling whether any span may be sampled without a client's trace context (something
     *     receives spans); when false, only calls that carry a client's context are traced, to pass it on
     */
    public CallTracer(OpenTelemetry openTelemetry, Optional<CallPricing> pricing, boolean sampling) {
        this.tracer = openTelemetry.getTracer("dev.prism.gateway");
        this.pricing = Objects.requireNonNull(pricing, "pricing is null");
        this.sampling = sampling;
    }

    /** Traces nothing, passes nothing on: for tools and tests without telemetry. */
    public static CallTracer disabled() {
        return new CallTracer(OpenTelemetry.noop(), Optional.empty(), false);
    }

    /**
     * Starts the server span of a call whose record was just opened, as a child of {@code parent}
     * (what the client's headers said, or the root context), and has the record follow its
     * attempts. The span ends when the record completes.
     *
     * @param method the HTTP method, as the span's name starts
     * @param route the route's pattern ({@code /v1/audio/speech}), as the span's name ends
     * @return the span, for the transport's own attributes when {@link Span#isRecording()};
     *     {@link Span#getInvalid()} when the call is not traced
     */
    public Span serverSpan(CallRecord record, Context parent, String method, String route) {
        if (!sampling && !Span.fromContext(parent).getSpanContext().isValid()) {
            return Span.getInvalid();
        }
        Span span = tracer.spanBuilder(method + " " + route).setSpanKind(SpanKind.SERVER).setParent(parent).startSpan();
        SpanTrace trace = new SpanTrace(tracer, parent.with(span), span, pricing);
        record.trace(trace);
        if (span.isRecording()) {
            record.whenComplete(trace::completed);
        }
        return span;
    }

    /**
     * An upstream request is about to leave this thread: when it belongs to a recorded attempt,
     * that attempt's span is named {@code METHOD provider} and learns where the request goes.
     * Static, for the transport made before the SDK; does nothing outside an attempt.
     */
    public static void sending(String method, String host, int port) {
        Context current = Context.current();
        String provider = current.get(ATTEMPT_PROVIDER);
        if (provider == null) {
            return;
        }
        Span span = Span.fromContext(current);
        span.updateName(method + " " + provider);
        span.setAttribute(TraceAttributes.HTTP_REQUEST_METHOD, method);
        if (host != null) {
            span.setAttribute(TraceAttributes.SERVER_ADDRESS, host);
        }
        if (port > 0) {
            span.setAttribute(TraceAttributes.SERVER_PORT, port);
        }
    }
}
