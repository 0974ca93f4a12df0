package dev.prism.core.ledger;

import dev.prism.core.cost.CallCost;
import dev.prism.core.config.Durations;
import dev.prism.core.cost.CallPricing;
import dev.prism.core.record.CallListener;
import dev.prism.core.record.CompletedCall;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Writes a ledger row for every completed call of a known key, off the request path: the listener
 * puts the row in a bounded buffer and returns; one thread writes what has gathered, up to {@code
 * batch_rows} a transaction. While the database is out of reach the rows stay in memory (up to
 * {@code queue_rows}), then go to the spill files, and the writer retries with a growing backoff;
 * once it is back, the spilled rows are written too. Rows that fit neither are counted and logged.
 * At close, what is held goes to the database within {@code flush_timeout} when it is up, and to
 * the spill files otherwise; a row that arrives after close goes to the spill files. A request
 * whose key was not recognised has no row: anyone could fill the ledger with them.
 */
public final class LedgerWriter implements CallListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LedgerWriter.class.getName());
    /** The longest the writer waits for rows before it looks at the spill files again. */
    private static final Duration IDLE = Duration.ofSeconds(5);
    /**
     * How long a batch waits for more rows once it has one. Each commit writes the file (so that a crash
     * loses no committed row); at thousands of calls a second, a commit per row or two took half a core.
     */
    static final Duration LINGER = Duration.ofMillis(25);
    /** The longest the writer waits for a first row before it connects anyway. */
    private static final Duration FIRST_OPEN_DELAY = Duration.ofSeconds(10);
    /** The same warning (the database is still out of reach, rows are still lost) at most this often. */
    private static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

    private final LedgerStore store;
    private final CallPricing pricing;
    private final LedgerSettings settings;
    private final Clock clock;
    private final RowBuffer buffer;
    private final SpillFiles spill;
    /** Listeners hold it shared while they add a row to memory; close holds it alone to stop that. */
    private final ReentrantReadWriteLock admission = new ReentrantReadWriteLock();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong spilled = new AtomicLong();
    private final Warnings outageWarnings;
    private final Warnings lossWarnings;
    private boolean closed;
    private volatile boolean databaseUp;
    private boolean opened;
    private long failedAttempts;
    private Duration backoff;
    private Thread thread;

    public LedgerWriter(LedgerStore store, CallPricing pricing, LedgerSettings settings, Clock clock) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.pricing = Objects.requireNonNull(pricing, "pricing is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.buffer = new RowBuffer(settings.queueRows());
        this.spill = new SpillFiles(settings.spillDir(), settings.spillMaxBytes());
        this.outageWarnings = new Warnings(clock);
        this.lossWarnings = new Warnings(clock);
        this.backoff = settings.retryBackoff();
    }

    /**
     * Prepares the spill directory, then starts the writer's thread, which connects to the database
     * and writes what earlier runs spilled. Returns at once: the database is never waited for here.
     *
     * @throws UncheckedIOException when the spill directory cannot be made or read
     */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        spill.prepare();
        thread = Thread.ofPlatform().name("prism-ledger-writer").daemon().start(this::run);
    }

    @Override
    public void completed(CompletedCall call) {
        if (call.keyName().isEmpty()) {
            return;
        }
        keep(LedgerRow.of(call, price(call)));
    }

    /** Takes a row to write: into memory, or into the spill files when memory is full or the writer has stopped. */
    public void keep(LedgerRow row) {
        admission.readLock().lock();
        try {
            if (!closed && buffer.offer(row)) {
                return;
            }
        } finally {
            admission.readLock().unlock();
        }
        spill(List.of(row));
    }

    public LedgerBacklog backlog() {
        return new LedgerBacklog(buffer.size(), spill.bytes(), written.get(), spilled.get(), lost.get(), databaseUp);
    }

    private CallCost price(CompletedCall call) {
        try {
            return Objects.requireNonNull(pricing.price(call), "the price is null");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "ledger: pricing call " + call.callId() + " failed (" + e
                    + "); its row is marked unpriced");
            return CallCost.UNPRICED;
        }
    }

    private void run() {
        // The database is first touched when there is something to write, or once start-up is surely over:
        // connecting and migrating load most of a second of classes, CPU that the start needs more.
        List<LedgerRow> batch = spill.isEmpty() ? buffer.take(settings.batchRows(), FIRST_OPEN_DELAY) : List.of();
        while (stop.getCount() > 0) {
            if (!opened && !attempt(store::open)) {
                pause();
            } else if (batch.isEmpty() && !spill.isEmpty() && !drainSpill()) {
                pause();
            } else {
                if (batch.isEmpty()) {
                    batch = buffer.take(settings.batchRows(), IDLE, LINGER);
                }
                if (!batch.isEmpty()) {
                    List<LedgerRow> rows = batch;
                    if (attempt(() -> insert(rows))) {
                        batch = List.of();
                    } else {
                        pause();
                    }
                }
            }
        }
        finish(batch);
    }

    private void insert(List<LedgerRow> rows) {
        store.insert(rows);
        written.addAndGet(rows.size());
    }

    /** Runs one database step, noting whether the database answered. */
    private boolean attempt(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failed(e);
            return false;
        }
        opened = true;
        if (failedAttempts > 0) {
            LOG.log(System.Logger.Level.INFO, "ledger: " + settings.redactedUrl() + " is reachable again after "
                    + failedAttempts + " failed attempts; the rows held are being written");
        }
        failedAttempts = 0;
        outageWarnings.reset();
        backoff = settings.retryBackoff();
        databaseUp = true;
        return true;
    }

    private void failed(RuntimeException e) {
        databaseUp = false;
        failedAttempts++;
        if (outageWarnings.due()) {
            String cause = e instanceof LedgerUnavailableException ? e.getMessage()
                    : "cannot write to " + settings.redactedUrl() + ": " + settings.redact(e.toString());
            LOG.log(System.Logger.Level.WARNING, "ledger: " + cause + " (attempt " + failedAttempts + "). Rows are kept ("
                    + buffer.size() + " in memory, up to " + settings.queueRows() + ", then in spill files under "
                    + spill.dir() + ", " + spill.bytes() + " bytes now) and retried, waiting from "
                    + Durations.format(settings.retryBackoff()) + " up to " + Durations.format(settings.retryMaxBackoff())
                    + " between attempts");
        }
    }

    /** Waits the backoff, or less when the writer is asked to stop; the next wait is longer. */
    private void pause() {
        try {
            stop.await(backoff.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.countDown();
        }
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(settings.retryMaxBackoff()) > 0 ? settings.retryMaxBackoff() : doubled;
    }

    /** Writes what the spill files hold; false when the database failed on the way or the writer is stopping. */
    private boolean drainSpill() {
        for (Path file : spill.seal()) {
            try {
                int unreadable = spill.drain(file, settings.batchRows(), rows -> {
                    if (stop.getCount() == 0) {
                        // The file stays whole for the next start; the rows in memory come first now.
                        throw new Stopping();
                    }
                    insert(rows);
                });
                if (unreadable > 0) {
                    lost.addAndGet(unreadable);
                    LOG.log(System.Logger.Level.WARNING, "ledger: " + unreadable + " lines of the spill file " + file
                            + " were not whole rows (a write cut short by a crash) and were skipped");
                }
            } catch (UncheckedIOException e) {
                spill.setAside(file, e);
            } catch (Stopping e) {
                return false;
            } catch (RuntimeException e) {
                failed(e);
                return false;
            }
        }
        return true;
    }

    /** What the writer still holds goes to the database while it answers and the flush time lasts, else to the spill files. */
    private void finish(List<LedgerRow> inHand) {
        List<LedgerRow> rest = new ArrayList<>(inHand);
        rest.addAll(buffer.takeAll());
        Instant deadline = clock.instant().plus(settings.flushTimeout());
        while (!rest.isEmpty() && databaseUp && clock.instant().isBefore(deadline)) {
            List<LedgerRow> chunk = rest.subList(0, Math.min(settings.batchRows(), rest.size()));
            if (!attempt(() -> insert(List.copyOf(chunk)))) {
                break;
            }
            chunk.clear();
        }
        if (!rest.isEmpty()) {
            spill(rest);
            LOG.log(System.Logger.Level.INFO, "ledger: " + rest.size() + " rows not yet written at shutdown are kept in "
                    + spill.dir() + " and written at the next start");
        }
        spill.close();
    }

    private void spill(List<LedgerRow> rows) {
        List<LedgerRow> refused = spill.append(rows);
        spilled.addAndGet(rows.size() - refused.size());
        if (refused.isEmpty()) {
            return;
        }
        long total = lost.addAndGet(refused.size());
        if (lossWarnings.due()) {
            LedgerRow last = refused.getLast();
            LOG.log(System.Logger.Level.ERROR, "ledger: " + total + " rows lost since start: memory (" + settings.queueRows()
                    + " rows) and the spill files (" + settings.spillMaxBytes() / (1024 * 1024) + " MB under "
                    + spill.dir() + ") are full while " + settings.redactedUrl() + " is out of reach; the last lost was call "
                    + last.callId() + " of key " + last.keyName());
        }
    }

    /**
     * Stops taking rows into memory, lets the writer flush what it holds, waits for it, and closes
     * the database's connections. Rows of calls that complete later go to the spill files.
     */
    @Override
    public void close() {
        admission.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            admission.writeLock().unlock();
        }
        stop.countDown();
        buffer.wake();
        Thread writer;
        synchronized (this) {
            writer = thread;
        }
        if (writer == null) {
            finish(List.of());
        } else {
            Duration bound = settings.flushTimeout().plus(settings.connectTimeout().multipliedBy(2)).plusSeconds(1);
            try {
                if (!writer.join(bound)) {
                    LOG.log(System.Logger.Level.ERROR, "ledger: the writer did not finish within " + bound.toMillis()
                            + " ms; the rows it holds (up to " + (buffer.size() + settings.batchRows()) + ") are lost");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        store.close();
    }

    private static final class Stopping extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopping() {
            super(null, null, false, false);
        }
    }

    /** A warning that repeats at most once a {@link #WARNING_INTERVAL}. */
    private static final class Warnings {
        private final Clock clock;
        private Instant last = Instant.MIN;

        Warnings(Clock clock) {
            this.clock = clock;
        }

        synchronized void reset() {
            last = Instant.MIN;
        }

        synchronized boolean due() {
            Instant now = clock.instant();
            if (last.equals(Instant.MIN) || !now.isBefore(last.plus(WARNING_INTERVAL))) {
                last = now;
                return true;
            }
            return false;
        }
    }
}
