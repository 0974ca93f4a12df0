package dev.prism.plugin.limits.redis;

import dev.prism.core.limit.GateSpec;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ZAddArgs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Concurrency gates in Redis: one sorted set per gate whose members are the holders and whose scores
 * are the times their leases end. Entering drops the expired leases and adds the holder if fewer
 * than the gate's maximum remain, in one Lua script, so no two Prisms can both take the last place.
 * This instance renews the leases of the places it still holds ({@link #renewLeases}, every third of
 * a lease), so a long stream keeps its place while the places of a Prism that crashed free
 * themselves within a lease.
 *
 * <p>Lease times come from the injected clock, not from Redis's {@code TIME}: the buckets already
 * refill by the Prisms' own clocks (Bucket4j's client-side clock), so the store already assumes that
 * the clocks of the Prisms agree, which NTP keeps to milliseconds against a lease of 30 seconds; and
 * a test can then end a lease by moving its clock instead of waiting for one.
 */
final class LeasedGates {
    /**
     * KEYS[1] the gate; ARGV: now (ms), max, member, the new lease's end (ms), the key's own expiry (ms).
     * A member already holding a place keeps it (its lease renewed).
     */
    private static final String ENTER = """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            if redis.call('ZSCORE', KEYS[1], ARGV[3]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
              redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
              redis.call('PEXPIRE', KEYS[1], ARGV[5])
              return 1
            end
            return 0
            """;

    private final LazyRedisConnection redis;
    private final Clock clock;
    private final Duration lease;
    /** Members are this instance's id and the holder: call ids need only be unique within one Prism. */
    private final String instance = UUID.randomUUID().toString();
    /** The members this instance holds, by gate key: the leases it renews. */
    private final ConcurrentMap<String, Set<String>> held = new ConcurrentHashMap<>();

    LeasedGates(LazyRedisConnection redis, Clock clock, Duration lease) {
        this.redis = redis;
        this.clock = clock;
        this.lease = lease;
    }

    boolean tryEnter(String key, GateSpec gate, String holder) {
        String member = member(holder);
        long now = clock.millis();
        Long entered = redis.await(redis.commands().<Long>eval(ENTER, ScriptOutputType.INTEGER, new byte[][] {bytes(key)},
                bytes(Long.toString(now)), bytes(Integer.toString(gate.max())), bytes(member),
                bytes(Long.toString(now + lease.toMillis())), bytes(Long.toString(keyExpiry().toMillis()))));
        if (entered == null || entered != 1L) {
            return false;
        }
        held.compute(key, (k, members) -> {
            Set<String> holding = members == null ? ConcurrentHashMap.newKeySet() : members;
            holding.add(member);
            return holding;
        });
        return true;
    }

    void leave(String key, String holder) {
        String member = member(holder);
        // Forget it first: should Redis not answer, the lease is no longer renewed and the place frees itself.
        held.computeIfPresent(key, (k, members) -> {
            members.remove(member);
            return members.isEmpty() ? null : members;
        });
        redis.await(redis.commands().zrem(bytes(key), bytes(member)));
    }

    /**
     * Moves the end of every lease this instance holds a lease ahead. Only members still in Redis are
     * renewed ({@code ZADD XX}): a place that expired meanwhile (Redis out of reach for a whole lease)
     * may have been given to another, and taking it back could exceed the gate's maximum.
     */
    void renewLeases() {
        double end = clock.millis() + lease.toMillis();
        for (Map.Entry<String, Set<String>> gate : held.entrySet()) {
            List<ScoredValue<byte[]>> members = new ArrayList<>();
            for (String member : gate.getValue()) {
                members.add(ScoredValue.just(end, bytes(member)));
            }
            if (members.isEmpty()) {
                continue;
            }
            byte[] key = bytes(gate.getKey());
            @SuppressWarnings("unchecked")
            ScoredValue<byte[]>[] scored = members.toArray(ScoredValue[]::new);
            redis.await(redis.commands().zadd(key, ZAddArgs.Builder.xx(), scored));
            redis.await(redis.commands().pexpire(key, keyExpiry()));
        }
    }

    /** How long Redis keeps a gate nobody enters nor renews: all its leases have ended by then. */
    private Duration keyExpiry() {
        return lease.multipliedBy(2);
    }

    private String member(String holder) {
        return instance + ":" + holder;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
