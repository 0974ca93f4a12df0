package dev.prism.core.cost;

import dev.prism.api.ErrorKind;
import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.core.record.Attempt;
import dev.prism.core.record.CacheStatus;
import dev.prism.core.record.CompletedCall;
import dev.prism.core.record.MediaUnits;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Completed calls as the record makes them, for pricing tests. */
final class Calls {
    private static final Instant START = Instant.parse("2026-11-29T10:00:00Z");

    private Calls() {}

    static MediaUnits characters(long count) {
        return MediaUnits.of(Usage.of(UsageUnit.CHARACTERS, count));
    }

    static MediaUnits seconds(String seconds) {
        return MediaUnits.of(Usage.NONE.with(UsageUnit.AUDIO_SECONDS, new BigDecimal(seconds)));
    }

    static MediaUnits images(int n, String size, String quality) {
        return new MediaUnits(Usage.of(UsageUnit.IMAGES, n), Optional.ofNullable(size), Optional.ofNullable(quality));
    }

    /** Served by {@code provider}'s {@code model} after one attempt, with what the upstream reported. */
    static CompletedCall served(String provider, String model, MediaUnits units, Usage reported) {
        return call(provider, model, units, reported, List.of(Attempt.answered(provider, model, START,
                Duration.ofMillis(80))), CacheStatus.NOT_CACHED, 200);
    }

    static CompletedCall served(String provider, String model, MediaUnits units) {
        return served(provider, model, units, Usage.NONE);
    }

    static CompletedCall cacheHit(String provider, String model, MediaUnits units) {
        return call(provider, model, units, Usage.NONE, List.of(), CacheStatus.HIT, 200);
    }

    /** The upstream refused the request (a 400 passed back): it answered, but not with media. */
    static CompletedCall refusedUpstream(String provider, String model, MediaUnits units) {
        return call(provider, model, units, Usage.NONE, List.of(Attempt.failed(provider, model, START,
                Duration.ofMillis(30), 400, ErrorKind.UPSTREAM_REJECTED)), CacheStatus.NOT_CACHED, 400);
    }

    private static CompletedCall call(String provider, String model, MediaUnits units, Usage reported,
            List<Attempt> attempts, CacheStatus cache, int status) {
        return new CompletedCall("req-1", Optional.of("team-a"), Optional.empty(), Optional.of(model), units, attempts,
                cache, Optional.of(provider), Optional.of(model), units.usage().overriddenBy(reported), status,
                Optional.empty(), 100, 1000, START, START.plusSeconds(1));
    }
}
