package dev.prism.http;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.record.CallRecord;
import dev.prism.core.record.CompletedCall;
import dev.prism.core.pipeline.CallCancelled;
import dev.prism.core.telemetry.CallTracer;
import dev.prism.core.telemetry.TraceAttributes;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.opentelemetry.api.trace.Span;
import java.util.function.Function;

/**
 * Wraps each route so that every failure becomes OpenAI's error JSON with the request id, and a bug
 * becomes a 500 whose details stay in the server log. Media routes also get their call's record,
 * opened before anything else, so that a refused request (a bad key, bad input, an overload) is
 * recorded as surely as a served one.
 */
final class GuardedHandlers {
    private static final System.Logger LOG = System.getLogger(GuardedHandlers.class.getName());

    /** A route body that knows its request id. */
    @FunctionalInterface
    interface Route {
        void handle(ServerRequest request, ServerResponse response, String requestId);
    }

    /** A media route body, writing what it learns about the call to its record. */
    @FunctionalInterface
    interface RecordedRoute {
        void handle(ServerRequest request, ServerResponse response, CallRecord record);
    }

    private final ErrorResponses errors;
    private final Function<String, CallRecord> records;
    private final CallTracer tracer;

    /**
     * @param records opens the record of a media request, by request id
     * @param tracer starts the server span of each media request, with the record
     */
    GuardedHandlers(ErrorResponses errors, Function<String, CallRecord> records, CallTracer tracer) {
        this.errors = errors;
        this.records = records;
        this.tracer = tracer;
    }

    Handler of(Route route) {
        return (req, res) -> {
            String requestId = RequestIds.of(req);
            guard(req, res, requestId, null, () -> route.handle(req, res, requestId));
        };
    }

    /**
     * A media route: its record is opened first and completed whatever happens: by the writer when
     * the answer went out, here when the request was refused or failed.
     *
     * @param admission wraps the route body, for what runs before it (the in-flight cap)
     */
    Handler recorded(java.util.function.UnaryOperator<Route> admission, RecordedRoute route) {
        return (req, res) -> {
            String requestId = RequestIds.of(req);
            CallRecord record = records.apply(requestId);
            traced(req, record);
            Route body = admission.apply((rq, rs, id) -> route.handle(rq, rs, record));
            guard(req, res, requestId, record, () -> body.handle(req, res, requestId));
        };
    }

    /**
     * Starts the call's server span, child of the client's {@code traceparent} when it sent one.
     * The span ends with the record; the HTTP attributes are computed only when it is recorded.
     */
    private void traced(ServerRequest req, CallRecord record) {
        String method = req.prologue().method().text();
        String route = req.matchingPattern().orElseGet(() -> req.path().path());
        Span span = tracer.serverSpan(record, TraceHeaders.fromClient(req.headers()), method, route);
        if (span.isRecording()) {
            span.setAttribute(TraceAttributes.HTTP_REQUEST_METHOD, method);
            span.setAttribute(TraceAttributes.HTTP_ROUTE, route);
            span.setAttribute(TraceAttributes.URL_PATH, req.path().path());
            span.setAttribute(TraceAttributes.URL_SCHEME, req.isSecure() ? "https" : "http");
            HostAndPort.of(req.authority()).ifPresent(host -> {
                span.setAttribute(TraceAttributes.SERVER_ADDRESS, host.host());
                if (host.port() > 0) {
                    span.setAttribute(TraceAttributes.SERVER_PORT, host.port());
                }
            });
        }
    }

    private void guard(ServerRequest req, ServerResponse res, String requestId, CallRecord record, Runnable route) {
        try {
            route.run();
        } catch (CloseConnectionException e) {
            complete(record, CompletedCall.CLIENT_CLOSED, null);
            throw e;
        } catch (GatewayException e) {
            fail(res, e, requestId, record);
        } catch (ClientGone e) {
            // Usually nobody is listening any more; if the body was merely cut short, say so.
            fail(res, GatewayException.invalid(null, "The request body ended before it was complete."), requestId, record);
        } catch (CallCancelled e) {
            // The handler's thread was interrupted by someone else than the client watch: the server is stopping.
            fail(res, new GatewayException(ErrorKind.UNAVAILABLE,
                    "The request was cancelled before an answer arrived; try again."), requestId, record);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Request " + requestId + " failed", e);
            fail(res, new GatewayException(ErrorKind.INTERNAL,
                    "The server had an error while processing your request (request id " + requestId + ")."), requestId,
                    record);
        }
    }

    private void fail(ServerResponse res, GatewayException e, String requestId, CallRecord record) {
        if (res.isSent()) {
            complete(record, CompletedCall.CLIENT_CLOSED, e.kind());
            throw new CloseConnectionException("failed after the response started");
        }
        try {
            // A response that closes its connection (see ClientDisconnectWatch) still does when it is an error.
            boolean closing = res.headers().contains(HeaderValues.CONNECTION_CLOSE);
            res.headers().clear();
            if (closing) {
                res.header(HeaderValues.CONNECTION_CLOSE);
            }
            errors.send(res, e, requestId, record);
            complete(record, e.httpStatus(), e.kind());
        } catch (RuntimeException sendFailure) {
            complete(record, CompletedCall.CLIENT_CLOSED, e.kind());
            throw new CloseConnectionException("could not send the error response");
        }
    }

    private static void complete(CallRecord record, int status, ErrorKind error) {
        if (record != null) {
            record.complete(status, error);
        }
    }
}
