package dev.prism.core.cache;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory store that records the TTL of each write, and can be made to fail or to hang. */
final class FakeAnswerStore implements AnswerStore {
    final Map<String, byte[]> entries = new ConcurrentHashMap<>();
    final Map<String, Duration> ttls = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    private volatile RuntimeException failure;
    private volatile CountDownLatch hang;
    private volatile int failAfter = Integer.MAX_VALUE;
    private volatile RuntimeException delayedFailure;

    /** Every call from now on throws {@code failure}. */
    FakeAnswerStore failingWith(RuntimeException failure) {
        this.failure = failure;
        return this;
    }

    /** The next {@code okCalls} calls succeed, every one after them throws {@code failure}. */
    FakeAnswerStore failingAfter(int okCalls, RuntimeException failure) {
        this.failAfter = calls.get() + okCalls;
        this.delayedFailure = failure;
        return this;
    }

    /** Every call from now on blocks, ignoring interrupts, until {@link #release()}. */
    FakeAnswerStore hanging() {
        this.hang = new CountDownLatch(1);
        return this;
    }

    /** Calls succeed again. */
    void recover() {
        failure = null;
        failAfter = Integer.MAX_VALUE;
        release();
    }

    void release() {
        CountDownLatch latch = hang;
        hang = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    @Override
    public byte[] get(String key) {
        enter();
        return entries.get(key);
    }

    @Override
    public void put(String key, byte[] entry, Duration ttl) {
        enter();
        entries.put(key, entry);
        ttls.put(key, ttl);
    }

    @Override
    public void remove(String key) {
        enter();
        entries.remove(key);
        ttls.remove(key);
    }

    private void enter() {
        if (calls.incrementAndGet() > failAfter) {
            throw delayedFailure;
        }
        CountDownLatch latch = hang;
        while (latch != null && latch.getCount() > 0) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                // a client library that does not heed interrupts: keep waiting
            }
        }
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }
}
