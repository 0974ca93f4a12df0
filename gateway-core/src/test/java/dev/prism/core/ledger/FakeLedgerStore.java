package dev.prism.core.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A ledger store in memory that keeps rows by call id, as the real ones do, and can be taken down,
 * brought back, made to fail after it wrote (a timeout whose write went through), or held at its
 * next insert.
 */
final class FakeLedgerStore implements LedgerStore {
    private final Map<String, LedgerRow> rows = new LinkedHashMap<>();
    private final List<Integer> batches = new ArrayList<>();
    private volatile boolean down;
    private int failuresAfterWriting;
    private int opens;
    private int insertsTried;
    private boolean closed;
    private CountDownLatch gate;
    private final CountDownLatch held = new CountDownLatch(1);

    synchronized void down() {
        down = true;
    }

    synchronized void up() {
        down = false;
    }

    /** The next {@code n} inserts write their rows, then fail as if the answer were lost. */
    synchronized void failAfterWriting(int n) {
        failuresAfterWriting = n;
    }

    /** The next insert waits until {@link #release()}. */
    synchronized void holdNextInsert() {
        gate = new CountDownLatch(1);
    }

    void release() {
        CountDownLatch g;
        synchronized (this) {
            g = gate;
            gate = null;
        }
        if (g != null) {
            g.countDown();
        }
    }

    /** Waits until an insert is held. */
    void awaitHeld() throws InterruptedException {
        if (!held.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no insert came to be held");
        }
    }

    @Override
    public synchronized void open() {
        opens++;
        if (down) {
            throw new LedgerUnavailableException("fake store is down");
        }
    }

    @Override
    public void insert(List<LedgerRow> batch) {
        CountDownLatch g;
        synchronized (this) {
            insertsTried++;
            g = gate;
        }
        if (g != null) {
            held.countDown();
            try {
                if (!g.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("a held insert was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (down) {
                throw new LedgerUnavailableException("fake store is down");
            }
            batches.add(batch.size());
            batch.forEach(row -> rows.putIfAbsent(row.callId(), row));
            if (failuresAfterWriting > 0) {
                failuresAfterWriting--;
                throw new LedgerUnavailableException("fake store wrote, then the answer was lost");
            }
        }
    }

    synchronized Map<String, LedgerRow> rows() {
        return Map.copyOf(rows);
    }

    synchronized int rowCount() {
        return rows.size();
    }

    synchronized List<Integer> batches() {
        return List.copyOf(batches);
    }

    synchronized int opens() {
        return opens;
    }

    synchronized int insertsTried() {
        return insertsTried;
    }

    synchronized boolean closed() {
        return closed;
    }

    @Override
    public UsageReport usage(UsageQuery query) {
        throw new UnsupportedOperationException("the fake store answers no queries");
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
