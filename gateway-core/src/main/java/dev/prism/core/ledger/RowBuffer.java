package dev.prism.core.ledger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The rows waiting for the writer, in memory, at most {@code capacity}. Unlike a blocking queue,
 * the writer's wait can be cut short ({@link #wake()}) without interrupting its thread: an
 * interrupt during a database write would break the connection (H2 closes its file).
 */
final class RowBuffer {
    private final int capacity;
    private final ArrayDeque<LedgerRow> rows = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean woken;

    RowBuffer(int capacity) {
        this.capacity = capacity;
    }

    /** Adds the row unless the buffer is full. */
    boolean offer(LedgerRow row) {
        lock.lock();
        try {
            if (rows.size() >= capacity) {
                return false;
            }
            rows.addLast(row);
            changed.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code wait} for a row, then takes up to {@code max}; fewer (or none) when woken
     * or when the wait ran out.
     */
    List<LedgerRow> take(int max, Duration wait) {
        return take(max, wait, Duration.ZERO);
    }

    /**
     * Waits up to {@code wait} for a row, then up to {@code linger} more for {@code max} rows, and
     * takes up to {@code max}: under load a batch gathers many rows instead of one or two, and the
     * writer commits once for them.
     */
    List<LedgerRow> take(int max, Duration wait, Duration linger) {
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (rows.isEmpty() && !woken && nanos > 0) {
                try {
                    nanos = changed.awaitNanos(nanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            long gathering = rows.isEmpty() ? 0 : linger.toNanos();
            while (rows.size() < max && !woken && gathering > 0) {
                try {
                    gathering = changed.awaitNanos(gathering);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            List<LedgerRow> taken = new ArrayList<>(Math.min(max, rows.size()));
            while (taken.size() < max && !rows.isEmpty()) {
                taken.add(rows.removeFirst());
            }
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** Takes every row. */
    List<LedgerRow> takeAll() {
        lock.lock();
        try {
            List<LedgerRow> all = new ArrayList<>(rows);
            rows.clear();
            return all;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the writer's current and later waits at once: it is time to stop. */
    void wake() {
        lock.lock();
        try {
            woken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return rows.size();
        } finally {
            lock.unlock();
        }
    }
}
