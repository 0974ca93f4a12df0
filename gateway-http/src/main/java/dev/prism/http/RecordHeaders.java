package dev.prism.http;

import dev.prism.api.Usage;
import dev.prism.api.UsageUnit;
import dev.prism.core.cost.CallCost;
import dev.prism.core.cost.CallPricing;
import dev.prism.core.record.CacheStatus;
import dev.prism.core.record.CallRecord;
import io.helidon.webserver.http.ServerResponse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The {@code x-prism-*} headers, written from the call's record as the answer (or the error) goes
 * out: who served ({@code x-prism-provider}, {@code x-prism-model}), after how many attempts, what
 * the cache did, the units known at that moment ({@code x-prism-usage}) and what they cost
 * ({@code x-prism-cost}). The cost is the one the ledger gets when nothing more is reported
 * after the headers; where the usage of a stream arrives at its end, the header carries the
 * estimate and says so.
 */
final class RecordHeaders {
    static final String PROVIDER = "x-prism-provider";
    static final String MODEL = "x-prism-model";
    static final String ATTEMPTS = "x-prism-attempts";
    static final String CACHE = "x-prism-cache";
    static final String USAGE = "x-prism-usage";
    static final String COST = "x-prism-cost";

    private final Optional<CallPricing> pricing;

    /** @param pricing prices calls; empty when no pricing is wired (no cost header then) */
    RecordHeaders(Optional<CallPricing> pricing) {
        this.pricing = pricing;
    }

    /** @param status the status the client is about to get */
    void write(ServerResponse response, CallRecord record, int status) {
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
        // A request refused before it was measured (no key, a bad body) has neither usage nor cost.
        boolean measured = !usage.isEmpty() || record.attemptCount() > 0 || record.cache() == CacheStatus.HIT;
        Optional<CallCost> cost = measured ? pricing.map(p -> p.price(record.snapshot(status))) : Optional.empty();
        cost.flatMap(CallCost::usd).ifPresent(usd -> response.header(COST, CallCost.format(usd)));
        String usageHeader = usage(usage, cost);
        if (!usageHeader.isEmpty()) {
            response.header(USAGE, usageHeader);
        }
        RateLimitHeaders.write(response, record);
    }

    /**
     * {@code characters=42}, {@code audio_seconds=61.2; estimated}: units in a fixed order, decimals
     * to 3 places; then {@code estimated} once if a unit or the cost is Prism's estimate, and
     * {@code unpriced} if no price applies.
     */
    static String usage(Usage usage, Optional<CallCost> cost) {
        StringJoiner out = new StringJoiner("; ");
        for (Map.Entry<UsageUnit, BigDecimal> amount : usage.amounts().entrySet()) {
            out.add(amount.getKey().wireName() + "=" + number(amount.getValue()));
        }
        if (usage.estimated() || cost.filter(CallCost::estimated).isPresent()) {
            out.add("estimated");
        }
        if (cost.filter(CallCost::unpriced).isPresent()) {
            out.add("unpriced");
        }
        return out.toString();
    }

    private static String number(BigDecimal value) {
        BigDecimal rounded = value.setScale(Math.min(3, Math.max(0, value.scale())), RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
    }
}
