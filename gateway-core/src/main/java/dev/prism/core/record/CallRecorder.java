package dev.prism.core.record;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Opens a {@link CallRecord} for each request and hands each completed call to the listeners, each
 * on a virtual thread of its own, so that a listener doing I/O (a ledger's insert) never delays the
 * request and a slow or failing listener never delays another.
 */
public final class CallRecorder implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CallRecorder.class.getName());

    private final Clock clock;
    private final List<CallListener> listeners;
    private final List<AttemptListener> attemptListeners;
    private final ExecutorService delivery = Executors.newVirtualThreadPerTaskExecutor();

    public CallRecorder(Clock clock, List<CallListener> listeners, List<AttemptListener> attemptListeners) {
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
        this.attemptListeners = List.copyOf(attemptListeners);
    }

    /** A new record for the request with this id; the caller completes it. */
    public CallRecord begin(String requestId) {
        return new CallRecord(requestId, clock, this::deliver, attemptListeners);
    }

    private void deliver(CompletedCall call) {
        for (CallListener listener : listeners) {
            try {
                delivery.execute(() -> notify(listener, call));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Shutting down: tell the listener on this thread rather than lose the call.
                notify(listener, call);
            }
        }
    }

    private static void notify(CallListener listener, CompletedCall call) {
        try {
            listener.completed(call);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "A call listener failed on request " + call.requestId(), e);
        }
    }

    /** Waits for the listeners already told of a call, then stops. */
    @Override
    public void close() {
        delivery.close();
    }
}
