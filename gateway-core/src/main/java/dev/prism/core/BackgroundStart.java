package dev.prism.core;

/**
 * Start-up work that the first calls need but listening does not, such as opening an in-memory
 * store. Feature modules add theirs to the set; the transport adapter runs each on a thread of its
 * own once the gateway listens, so none of it delays readiness. What needs the work before it is
 * done does it itself or waits for it: the work is done once, by whichever comes first.
 */
public interface BackgroundStart {
    /** Does the work unless it was done or is under way. Reports its own failures; never throws. */
    void run();
}
