package dev.prism.core.limit;

/**
 * Where rate limits keep their counts: token buckets and concurrency gates, by id. The embedded
 * store keeps them in this process; a plugin may keep them in a shared server (Redis) so that
 * several Prisms enforce one set of limits. Each operation is atomic on its bucket or gate: two
 * concurrent takes never both get the last token, on one instance or on many.
 *
 * <p>A store decides nothing: which buckets a call takes from, in which order, and what is given
 * back when is the host's. Every method may throw {@link LimitStoreException} when the store cannot
 * be reached; the host bounds a remote store's calls by a circuit breaker, and its client library's
 * own timeout bounds each call.
 */
public interface LimitStore extends AutoCloseable {
    /** Takes {@code amount} tokens (at least 1) if the bucket holds them; takes nothing otherwise. */
    BucketLevel tryTake(BucketSpec bucket, long amount);

    /** Takes {@code amount} tokens even if the bucket goes into debt: usage above what was reserved. */
    void takeAnyway(BucketSpec bucket, long amount);

    /** Gives back {@code amount} tokens taken before, never filling the bucket beyond its capacity. */
    void giveBack(BucketSpec bucket, long amount);

    /** Where the bucket stands, taking nothing. */
    BucketLevel level(BucketSpec bucket);

    /**
     * Takes a place at the gate for {@code holder} if fewer than {@code gate.max()} hold one.
     *
     * @return whether a place was taken
     */
    boolean tryEnter(GateSpec gate, String holder);

    /** Gives up {@code holder}'s place; nothing if it holds none. */
    void leave(GateSpec gate, String holder);

    /** What the store is, for logs: {@code in memory}, {@code Redis at 127.0.0.1:6379}. No secret. */
    String describe();

    @Override
    void close();
}
