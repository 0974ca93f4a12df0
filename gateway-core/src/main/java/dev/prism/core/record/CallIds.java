package dev.prism.core.record;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes call ids: version 7 UUIDs (RFC 9562), whose first 48 bits are the call's start in
 * milliseconds, so ids sort by time and a database index on them grows at its end. The other 74
 * bits are random: two calls in one millisecond collide with odds of one in 2^74. Not secret.
 */
public final class CallIds {
    private CallIds() {}

    public static String next(Instant started) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = started.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
        long mostSignificant = millis << 16 | 0x7000L | random.nextInt(1 << 12);
        long leastSignificant = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(mostSignificant, leastSignificant).toString();
    }
}
