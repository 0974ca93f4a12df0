package dev.prism.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.util.List;

/**
 * Several HTTP/1.1 receive listeners as the one Helidon takes: Helidon 4.1.3's own list of
 * listeners passes no events on, so ours tells each, in order. A listener that throws (a framing
 * refusal) stops the ones after it, as the request stops there too.
 */
final class ReceiveListeners implements Http1ConnectionListener {
    private final List<Http1ConnectionListener> listeners;

    private ReceiveListeners(List<Http1ConnectionListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    static Http1ConnectionListener of(Http1ConnectionListener... listeners) {
        return new ReceiveListeners(List.of(listeners));
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        listeners.forEach(l -> l.prologue(ctx, prologue));
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        listeners.forEach(l -> l.headers(ctx, headers));
    }

    @Override
    public void status(ConnectionContext ctx, Status status) {
        listeners.forEach(l -> l.status(ctx, status));
    }

    @Override
    public void data(ConnectionContext ctx, BufferData data) {
        listeners.forEach(l -> l.data(ctx, data));
    }

    @Override
    public void data(ConnectionContext ctx, byte[] bytes, int offset, int length) {
        listeners.forEach(l -> l.data(ctx, bytes, offset, length));
    }
}
