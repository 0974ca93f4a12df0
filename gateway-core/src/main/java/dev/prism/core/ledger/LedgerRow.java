package dev.prism.core.ledger;

import dev.prism.api.ErrorKind;
import dev.prism.api.Operation;
import dev.prism.api.UsageUnit;
import dev.prism.core.cost.CallCost;
import dev.prism.core.record.CacheStatus;
import dev.prism.core.record.CompletedCall;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the ledger: what one call was, used and cost. Written once per call, keyed by the
 * call id, so that writing it again (a retry after a timeout) changes nothing. Holds the key's name,
 * never the key.
 *
 * @param callId Prism's id of the call: the row's key
 * @param started when the call began (the row's time; windows and days are counted by it, in UTC)
 * @param requestId the {@code x-request-id} the client saw (its own when it sent one)
 * @param keyName the virtual key's name
 * @param endpoint the operation, when the request was read that far
 * @param modelAlias the model the client asked for, when the request was read that far
 * @param provider who answered (for a cache hit: who made the entry)
 * @param upstreamModel the model that made the answer
 * @param usage the final usage, by unit: what the upstream reported over what Prism measured
 * @param usageEstimated whether an amount of the usage is Prism's guess (an audio length from a file size)
 * @param costUsd what the call cost; empty when no price applies to it (never a silent zero)
 * @param savedUsd what a cache hit would have cost upstream; zero otherwise
 * @param costEstimated whether the cost comes from Prism's measured units rather than the upstream's report
 * @param cache what the cache did
 * @param status the HTTP status the client got (499 when it went away)
 * @param error what went wrong, if something did (also after a 200 whose stream broke off)
 * @param latencyMillis from the call's start to its end
 * @param attempts upstream attempts made (none for a cache hit or a refused request)
 */
public record LedgerRow(
        String callId,
        Instant started,
        String requestId,
        String keyName,
        Optional<Operation> endpoint,
        Optional<String> modelAlias,
        Optional<String> provider,
        Optional<String> upstreamModel,
        Map<UsageUnit, BigDecimal> usage,
        boolean usageEstimated,
        Optional<BigDecimal> costUsd,
        BigDecimal savedUsd,
        boolean costEstimated,
        CacheStatus cache,
        int status,
        Optional<ErrorKind> error,
        long latencyMillis,
        int attempts) {
    /** The longest text a column holds; longer values (a client's odd model name) are cut. */
    public static final int MAX_TEXT = 255;
    /** Decimal places of a unit's amount in the database (audio seconds come to the millisecond). */
    public static final int UNIT_SCALE = 6;

    public LedgerRow {
        Objects.requireNonNull(callId, "callId is null");
        Objects.requireNonNull(started, "started is null");
        Objects.requireNonNull(requestId, "requestId is null");
        Objects.requireNonNull(keyName, "keyName is null");
        Objects.requireNonNull(endpoint, "endpoint is null");
        Objects.requireNonNull(costUsd, "costUsd is null");
        Objects.requireNonNull(savedUsd, "savedUsd is null");
        Objects.requireNonNull(cache, "cache is null");
        Objects.requireNonNull(error, "error is null");
        requestId = cut(requestId);
        keyName = cut(keyName);
        modelAlias = modelAlias.map(LedgerRow::cut);
        provider = provider.map(LedgerRow::cut);
        upstreamModel = upstreamModel.map(LedgerRow::cut);
        EnumMap<UsageUnit, BigDecimal> amounts = new EnumMap<>(UsageUnit.class);
        usage.forEach((unit, amount) -> amounts.put(unit, amount.scale() > UNIT_SCALE
                ? amount.setScale(UNIT_SCALE, RoundingMode.HALF_EVEN) : amount));
        usage = Collections.unmodifiableMap(amounts);
    }

    /**
     * The row of a completed call with its cost.
     *
     * @throws IllegalArgumentException when the call has no key's name: such calls have no row
     */
    public static LedgerRow of(CompletedCall call, CallCost cost) {
        String key = call.keyName().orElseThrow(() -> new IllegalArgumentException("call " + call.callId() + " has no key"));
        return new LedgerRow(call.callId(), call.started(), call.requestId(), key, call.endpoint(), call.alias(),
                call.provider(), call.upstreamModel(), call.usage().amounts(), call.usage().estimated(), cost.usd(),
                cost.saved(), cost.estimated(), call.cache(), call.status(), call.error(),
                Math.max(0, call.duration().toMillis()), call.attempts().size());
    }

    /** Whether no price applied to the call. */
    public boolean unpriced() {
        return costUsd.isEmpty();
    }

    /** Whether the call failed: an error status, or an error after its answer began. */
    public boolean failed() {
        return status >= 400 || error.isPresent();
    }

    private static String cut(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
