package dev.prism.http;

import dev.prism.core.record.CallRecord;
import dev.prism.core.record.LimitStanding;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;

/**
 * OpenAI's rate-limit headers, from where the call's record says its limits stand: {@code
 * x-ratelimit-limit-requests}, {@code -remaining-requests}, {@code -reset-requests} and the same
 * for {@code -tokens}, where Prism counts the unit the request spends (characters, audio seconds,
 * images). Of several limits, the one with the least remaining; none at all for a key without
 * limits of its own.
 */
final class RateLimitHeaders {
    private RateLimitHeaders() {}

    static void write(ServerResponse response, CallRecord record) {
        record.limitStanding(LimitStanding.Counts.REQUESTS).ifPresent(s -> write(response, "requests", s));
        record.limitStanding(LimitStanding.Counts.TOKENS).ifPresent(s -> write(response, "tokens", s));
    }

    private static void write(ServerResponse response, String family, LimitStanding standing) {
        response.header("x-ratelimit-limit-" + family, Long.toString(standing.limit()));
        response.header("x-ratelimit-remaining-" + family, Long.toString(standing.remaining()));
        response.header("x-ratelimit-reset-" + family, duration(standing.reset()));
    }

    /**
     * As OpenAI writes a reset (Go's duration format, to the millisecond): {@code 20ms}, {@code 1s},
     * {@code 1.5s}, {@code 6m0s}, {@code 1h2m3s}. A partial millisecond counts as one.
     */
    static String duration(Duration reset) {
        long millis = Math.ceilDiv(Math.max(0, reset.toNanos()), 1_000_000L);
        if (millis == 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        long secondsMillis = millis % 60_000;
        StringBuilder out = new StringBuilder();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        out.append(secondsMillis / 1000);
        long fraction = secondsMillis % 1000;
        if (fraction > 0) {
            String digits = String.format("%03d", fraction).replaceAll("0+$", "");
            out.append('.').append(digits);
        }
        return out.append('s').toString();
    }
}
