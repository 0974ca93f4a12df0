package dev.prism.core.keys;

import dev.prism.api.ErrorKind;
import dev.prism.api.GatewayException;
import dev.prism.core.ledger.LedgerUnavailableException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The stored keys as the {@link KeyRing} sees them: a copy of the table, read again when a stored
 * (or unknown) key is presented and the copy is older than {@link #MAX_AGE}. A key deleted on any
 * instance sharing the database is therefore refused everywhere within that age plus one query,
 * without a thread polling the database while nobody uses stored keys. One thread reads at a time;
 * the others wait for its copy.
 *
 * <p>While the database is out of reach the last copy stays in use (a key deleted elsewhere in the
 * meantime keeps working until the database answers again), and it is asked again at most once a
 * {@link #MAX_AGE}. Before any copy was read, a stored key gets 503 rather than a misleading 401.
 */
public final class StoredKeyCache implements StoredKeyLookup {
    private static final System.Logger LOG = System.getLogger(StoredKeyCache.class.getName());
    /** Well under the second in which a deleted key must be refused everywhere. */
    public static final Duration MAX_AGE = Duration.ofMillis(500);

    private record Snapshot(Map<String, StoredKey> byHash, Map<String, StoredKey> byName, Instant checked) {
        Snapshot(Map<String, StoredKey> byHash, Instant checked) {
            this(byHash, byHash.values().stream().collect(Collectors.toUnmodifiableMap(StoredKey::name,
                    Function.identity(), (a, b) -> a)), checked);
        }
    }

    private final StoredKeys store;
    private final Clock clock;
    private final ReentrantLock reading = new ReentrantLock();
    private volatile Snapshot snapshot;
    private Instant lastWarning = Instant.MIN;

    public StoredKeyCache(StoredKeys store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    @Override
    public Optional<VirtualKey> find(byte[] sha256) {
        StoredKey key = current().byHash().get(HexFormat.of().formatHex(sha256));
        if (key == null || !MessageDigest.isEqual(key.sha256(), sha256)) {
            return Optional.empty();
        }
        return Optional.of(key.virtualKey());
    }

    @Override
    public Optional<String> budgetJson(String name) {
        return Optional.ofNullable(current().byName().get(name)).flatMap(StoredKey::budgetJson);
    }

    @Override
    public Optional<String> rateLimitJson(String name) {
        return Optional.ofNullable(current().byName().get(name)).flatMap(StoredKey::rateLimitJson);
    }

    /** Reads the table now: after this instance added or removed a key, so that it sees its own change at once. */
    @Override
    public void refresh() {
        reading.lock();
        try {
            load(snapshot);
        } finally {
            reading.unlock();
        }
    }

    private Snapshot current() {
        Snapshot seen = snapshot;
        if (fresh(seen)) {
            return seen;
        }
        reading.lock();
        try {
            seen = snapshot;
            return fresh(seen) ? seen : load(seen);
        } finally {
            reading.unlock();
        }
    }

    private boolean fresh(Snapshot seen) {
        return seen != null && clock.instant().isBefore(seen.checked().plus(MAX_AGE));
    }

    private Snapshot load(Snapshot previous) {
        Instant now = clock.instant();
        try {
            Map<String, StoredKey> byHash = store.all().stream()
                    .collect(Collectors.toUnmodifiableMap(k -> HexFormat.of().formatHex(k.sha256()), Function.identity(),
                            (a, b) -> a));
            snapshot = new Snapshot(byHash, now);
        } catch (LedgerUnavailableException e) {
            if (lastWarning.equals(Instant.MIN) || !now.isBefore(lastWarning.plus(Duration.ofMinutes(1)))) {
                lastWarning = now;
                LOG.log(System.Logger.Level.WARNING, "keys: the stored keys cannot be read (" + e.getMessage() + "); "
                        + (previous == null ? "stored keys are refused with 503 until they can"
                        : "the copy read at " + previous.checked() + " stays in use"));
            }
            if (previous == null) {
                throw new GatewayException(ErrorKind.UNAVAILABLE, "The key cannot be checked right now; try again.");
            }
            snapshot = new Snapshot(previous.byHash(), previous.byName(), now);
        }
        return snapshot;
    }
}
