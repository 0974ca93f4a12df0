package dev.prism.http;

import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.core.record.CacheStatus;
import dev.prism.core.record.CallRecord;
import io.helidon.webserver.http.ServerResponse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The {@code x-prism-*} headers, written from the call's record as the answer (or the error) goes
 * out: who served ({@code x-prism-provider}, {@code x-prism-model}), after how many attempts, what
 * the cache did, and the units known at that moment ({@code x-prism-usage}).
 */
final class RecordHeaders {
    static final String PROVIDER = "x-prism-provider";
    static final String MODEL = "x-prism-model";
    static final String ATTEMPTS = "x-prism-attempts";
    static final String CACHE = "x-prism-cache";
    static final String USAGE = "x-prism-usage";

    private RecordHeaders() {}

    static void write(ServerResponse response, CallRecord record) {
        record.provider().ifPresent(p -> response.header(PROVIDER, p));
        record.upstreamModel().filter(m -> !m.isEmpty()).ifPresent(m -> response.header(MODEL, m));
        if (record.cache() == CacheStatus.HIT) {
            response.header(ATTEMPTS, "0");
        } else if (record.attemptCount() > 0) {
            response.header(ATTEMPTS, Integer.toString(record.attemptCount()));
        }
        if (record.cache() != CacheStatus.NOT_CACHED) {
            response.header(CACHE, record.cache().name());
        }
        Usage usage = record.usage();
        if (!usage.isEmpty()) {
            response.header(USAGE, usage(usage));
        }
    }

    /** {@code characters=42}, {@code audio_seconds=61.2; estimated}: units in a fixed order, decimals to 3 places. */
    static String usage(Usage usage) {
        StringJoiner out = new StringJoiner("; ");
        for (Map.Entry<UsageUnit, BigDecimal> amount : usage.amounts().entrySet()) {
            out.add(amount.getKey().wireName() + "=" + number(amount.getValue()));
        }
        if (usage.estimated()) {
            out.add("estimated");
        }
        return out.toString();
    }

    private static String number(BigDecimal value) {
        BigDecimal rounded = value.setScale(Math.min(3, Math.max(0, value.scale())), RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
    }
}
