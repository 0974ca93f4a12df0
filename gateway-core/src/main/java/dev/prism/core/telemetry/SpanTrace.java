package dev.prism.core.telemetry;

import dev.prism.api.ErrorKind;
import dev.prism.core.cost.CallCost;
import dev.prism.core.cost.CallPricing;
import dev.prism.core.record.Attempt;
import dev.prism.core.record.CacheStatus;
import dev.prism.core.record.CallTrace;
import dev.prism.core.record.CompletedCall;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Locale;
import java.util.Optional;

/**
 * The trace of one call: its server span, and a client span per upstream attempt, current on the
 * request's thread from the attempt's start until it ends (its answer's first byte, or its
 * failure). A target passed over is an event on the server span. Attempts come one after another
 * on the request's thread, so the attempt under way needs no lock.
 */
final class SpanTrace implements CallTrace {
    /** The event of a target passed over (circuit open, Prism's rate limit of its provider). */
    static final String TARGET_SKIPPED = "prism.target_skipped";

    private final Tracer tracer;
    private final Context context;
    private final Span server;
    private final Optional<CallPricing> pricing;
    private Span attempt;
    private int attempts;

    /** @param context the client's context (if any) with the server span in it: the client spans' parent */
    SpanTrace(Tracer tracer, Context context, Span server, Optional<CallPricing> pricing) {
        this.tracer = tracer;
        this.context = context;
        this.server = server;
        this.pricing = pricing;
    }

    @Override
    public AttemptScope attemptStarting(String provider, String upstreamModel, int retry) {
        attempts++;
        Span span = tracer.spanBuilder(provider).setSpanKind(SpanKind.CLIENT).setParent(context).startSpan();
        Context current = context.with(span);
        if (span.isRecording()) {
            span.setAttribute(TraceAttributes.PROVIDER, provider);
            span.setAttribute(TraceAttributes.UPSTREAM_MODEL, upstreamModel);
            span.setAttribute(TraceAttributes.ATTEMPT, attempts);
            if (retry > 0) {
                span.setAttribute(TraceAttributes.HTTP_REQUEST_RESEND_COUNT, retry);
            }
            current = current.with(CallTracer.ATTEMPT_PROVIDER, provider);
        }
        attempt = span;
        Scope scope = current.makeCurrent();
        return () -> {
            scope.close();
            if (attempt == span) {
                // Cut short (the thread was interrupted): no attempt was recorded.
                attempt = null;
                span.setAttribute(TraceAttributes.ERROR_TYPE, "cancelled");
                span.setStatus(StatusCode.ERROR);
                span.end();
            }
        };
    }

    @Override
    public void attempted(Attempt ended) {
        Span span = attempt;
        if (span == null) {
            return;
        }
        attempt = null;
        if (span.isRecording()) {
            if (ended.upstreamStatus() > 0) {
                span.setAttribute(TraceAttributes.HTTP_RESPONSE_STATUS_CODE, ended.upstreamStatus());
            }
            ended.failure().ifPresent(kind -> {
                span.setAttribute(TraceAttributes.ERROR_TYPE, errorType(kind));
                span.setStatus(StatusCode.ERROR);
            });
        }
        span.end();
    }

    @Override
    public void targetSkipped(String provider, String upstreamModel, String reason) {
        if (server.isRecording()) {
            server.addEvent(TARGET_SKIPPED, Attributes.of(TraceAttributes.PROVIDER, provider,
                    TraceAttributes.UPSTREAM_MODEL, upstreamModel, TraceAttributes.SKIP_REASON, reason));
        }
    }

    /** The call is over: the server span gets what the record knows, and ends. */
    void completed(CompletedCall call) {
        Span span = server;
        span.setAttribute(TraceAttributes.CALL_ID, call.callId());
        span.setAttribute(TraceAttributes.REQUEST_ID, call.requestId());
        call.keyName().ifPresent(name -> span.setAttribute(TraceAttributes.KEY, name));
        call.endpoint().ifPresent(op -> span.setAttribute(TraceAttributes.ENDPOINT, op.configName()));
        call.alias().ifPresent(alias -> span.setAttribute(TraceAttributes.MODEL, alias));
        call.provider().ifPresent(p -> span.setAttribute(TraceAttributes.PROVIDER, p));
        call.upstreamModel().filter(m -> !m.isEmpty()).ifPresent(m -> span.setAttribute(TraceAttributes.UPSTREAM_MODEL, m));
        if (call.cache() != CacheStatus.NOT_CACHED) {
            span.setAttribute(TraceAttributes.CACHE, call.cache().name().toLowerCase(Locale.ROOT));
        }
        span.setAttribute(TraceAttributes.ATTEMPTS, call.attempts().size());
        call.usage().amounts().forEach((unit, amount) ->
                span.setAttribute(TraceAttributes.units(unit), amount.doubleValue()));
        // As the x-prism-cost header: a call refused before it was measured has no cost.
        boolean measured = !call.usage().isEmpty() || !call.attempts().isEmpty() || call.cache() == CacheStatus.HIT;
        if (measured) {
            pricing.map(p -> p.price(call)).flatMap(CallCost::usd)
                    .ifPresent(usd -> span.setAttribute(TraceAttributes.COST_USD, usd.doubleValue()));
        }
        int status = call.status();
        if (status != CompletedCall.CLIENT_CLOSED) {
            span.setAttribute(TraceAttributes.HTTP_RESPONSE_STATUS_CODE, status);
        }
        if (call.error().isPresent()) {
            span.setAttribute(TraceAttributes.ERROR_TYPE, errorType(call.error().get()));
        } else if (status >= 500) {
            span.setAttribute(TraceAttributes.ERROR_TYPE, Integer.toString(status));
        }
        // A client's mistake (4xx) or leaving is no error of the server's; an answer broken off after it started is.
        boolean failed = status >= 500 && status != CompletedCall.CLIENT_CLOSED
                || call.error().isPresent() && (status < 400 || status == CompletedCall.CLIENT_CLOSED);
        if (failed) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    /** {@code upstream_failed}, {@code upstream_timeout}, ...: the failure's category. */
    static String errorType(ErrorKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
