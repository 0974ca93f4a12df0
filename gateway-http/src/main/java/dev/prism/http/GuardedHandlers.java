package dev.prism.http;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.pipeline.CallCancelled;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Wraps each route so that every failure becomes OpenAI's error JSON with the request id, and a bug
 * becomes a 500 whose details stay in the server log.
 */
final class GuardedHandlers {
    private static final System.Logger LOG = System.getLogger(GuardedHandlers.class.getName());

    /** A route body that knows its request id. */
    @FunctionalInterface
    interface Route {
        void handle(ServerRequest request, ServerResponse response, String requestId);
    }

    private final ErrorResponses errors;

    GuardedHandlers(ErrorResponses errors) {
        this.errors = errors;
    }

    Handler of(Route route) {
        return (req, res) -> {
            String requestId = RequestIds.of(req);
            try {
                route.handle(req, res, requestId);
            } catch (CloseConnectionException e) {
                throw e;
            } catch (GatewayException e) {
                fail(res, e, requestId);
            } catch (ClientGone e) {
                // Usually nobody is listening any more; if the body was merely cut short, say so.
                fail(res, GatewayException.invalid(null, "The request body ended before it was complete."), requestId);
            } catch (CallCancelled e) {
                // The handler's thread was interrupted by someone else than the client watch: the server is stopping.
                fail(res, new GatewayException(ErrorKind.UNAVAILABLE,
                        "The request was cancelled before an answer arrived; try again."), requestId);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Request " + requestId + " failed", e);
                fail(res, new GatewayException(ErrorKind.INTERNAL,
                        "The server had an error while processing your request (request id " + requestId + ")."), requestId);
            }
        };
    }

    private void fail(ServerResponse res, GatewayException e, String requestId) {
        if (res.isSent()) {
            throw new CloseConnectionException("failed after the response started");
        }
        try {
            // A response that closes its connection (see ClientDisconnectWatch) still does when it is an error.
            boolean closing = res.headers().contains(HeaderValues.CONNECTION_CLOSE);
            res.headers().clear();
            if (closing) {
                res.header(HeaderValues.CONNECTION_CLOSE);
            }
            errors.send(res, e, requestId);
        } catch (RuntimeException sendFailure) {
            throw new CloseConnectionException("could not send the error response");
        }
    }
}
