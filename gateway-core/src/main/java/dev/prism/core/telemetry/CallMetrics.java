package dev.prism.core.telemetry;

import dev.prism.api.ErrorKind;
import dev.prism.api.UsageUnit;
import dev.prism.core.cost.CallCost;
import dev.prism.core.cost.CallPricing;
import dev.prism.core.record.Attempt;
import dev.prism.core.record.AttemptListener;
import dev.prism.core.record.CacheStatus;
import dev.prism.core.record.CallListener;
import dev.prism.core.record.CallRecord;
import dev.prism.core.record.CompletedCall;
import dev.prism.core.record.RefusingLimit;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Turns each completed call (and each upstream attempt, as it ends) into metrics: requests, their
 * latency and Prism's share of it, bytes, the cache, refusals by rate limits and budgets, cost and
 * media units. It reads the call record only, so what it counts is what the ledger and the access
 * log see. Every label value is bounded (see {@link LabelValues}); the attribute sets are built once
 * per combination and reused.
 */
final class CallMetrics implements CallListener, AttemptListener {
    /** 5 ms to 2 minutes: a cached answer to a long transcription. */
    static final List<Double> SECONDS_BUCKETS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            10.0, 20.0, 30.0, 60.0, 120.0);

    private static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("endpoint");
    private static final AttributeKey<String> MODEL = AttributeKey.stringKey("model");
    private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("provider");
    private static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
    private static final AttributeKey<String> RESULT = AttributeKey.stringKey("result");
    private static final AttributeKey<String> OWNER = AttributeKey.stringKey("owner");
    private static final AttributeKey<String> LIMIT = AttributeKey.stringKey("limit");
    private static final AttributeKey<String> KEY = AttributeKey.stringKey("key");
    private static final AttributeKey<String> UNIT = AttributeKey.stringKey("unit");

    private final LabelValues labels;
    private final Optional<CallPricing> pricing;
    private final LongCounter requests;
    private final DoubleHistogram requestDuration;
    private final DoubleHistogram upstreamDuration;
    private final DoubleHistogram overhead;
    private final DoubleHistogram timeToFirstByte;
    private final DoubleHistogram upstreamFirstByte;
    private final LongCounter received;
    private final LongCounter sent;
    private final LongCounter cacheLookups;
    private final LongCounter cacheServed;
    private final LongCounter rateLimited;
    private final LongCounter budgetRefused;
    private final DoubleCounter costUsd;
    private final DoubleCounter mediaUnits;
    private final Map<Object, Attributes> attributes = new ConcurrentHashMap<>();

    CallMetrics(Meter meter, LabelValues labels, Optional<CallPricing> pricing) {
        this.labels = labels;
        this.pricing = pricing;
        requests = meter.counterBuilder("prism.requests").setDescription("Requests to the media endpoints, by how they ended").build();
        requestDuration = seconds(meter, "prism.request.duration",
                "From the request's arrival to the last byte of its answer (or its refusal)");
        upstreamDuration = seconds(meter, "prism.upstream.duration",
                "Each upstream attempt: a failed one until it failed, the answering one until the call completed");
        overhead = seconds(meter, "prism.overhead",
                "Of an answered call, the time not spent in upstream attempts: request duration minus upstream durations");
        timeToFirstByte = seconds(meter, "prism.time_to_first_byte",
                "Of an answered call, from the request's arrival to the first byte of the upstream's answer");
        upstreamFirstByte = seconds(meter, "prism.upstream.first_byte",
                "Of an upstream attempt that answered, from its start to the answer's first byte");
        received = meter.counterBuilder("prism.received").setUnit("By").setDescription("Request body bytes").build();
        sent = meter.counterBuilder("prism.sent").setUnit("By").setDescription("Answer body bytes written to clients").build();
        cacheLookups = meter.counterBuilder("prism.cache.requests")
                .setDescription("Calls of cached endpoints, by what the cache did: hit, miss or bypass").build();
        cacheServed = meter.counterBuilder("prism.cache.served").setUnit("By")
                .setDescription("Answer bytes served from the cache").build();
        rateLimited = meter.counterBuilder("prism.rate_limited")
                .setDescription("Requests refused by one of Prism's rate limits, by whose limit and which").build();
        budgetRefused = meter.counterBuilder("prism.budget_refusals")
                .setDescription("Requests refused with insufficient_quota by a key's budget").build();
        costUsd = meter.counterBuilder("prism.cost.usd").ofDoubles()
                .setDescription("What calls cost in US dollars, as priced for the ledger").build();
        mediaUnits = meter.counterBuilder("prism.media.units").ofDoubles()
                .setDescription("Media units used by answered calls: characters, audio seconds, images, tokens").build();
    }

    private static DoubleHistogram seconds(Meter meter, String name, String description) {
        return meter.histogramBuilder(name).setUnit("s").setDescription(description)
                .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS).build();
    }

    @Override
    public void attempted(CallRecord call, Attempt attempt) {
        attempt.timeToFirstByte().ifPresent(firstByte -> upstreamFirstByte.record(seconds(firstByte),
                cached(new ProviderLabels(attempt.provider()), k -> Attributes.of(PROVIDER, k.provider()))));
    }

    @Override
    public void completed(CompletedCall call) {
        String endpoint = LabelValues.endpoint(call.endpoint());
        String model = labels.model(call.alias());
        String provider = LabelValues.named(call.provider());
        Attributes outcome = cached(new CallLabels(endpoint, model, provider, call.status()), k -> Attributes.of(
                ENDPOINT, k.endpoint(), MODEL, k.model(), PROVIDER, k.provider(), STATUS, Integer.toString(k.status())));
        requests.add(1, outcome);
        requestDuration.record(seconds(call.duration()), outcome);
        Attributes traffic = cached(new TrafficLabels(endpoint, model), k -> Attributes.of(ENDPOINT, k.endpoint(), MODEL, k.model()));
        received.add(call.bytesIn(), traffic);
        sent.add(call.bytesOut(), traffic);
        upstream(call, endpoint);
        cache(call, traffic, endpoint, model);
        refusals(call);
        if (call.status() < 400 || call.status() == CompletedCall.CLIENT_CLOSED) {
            spending(call, model);
        }
    }

    /** Upstream time, and what is left of the whole for Prism: defined in docs/observability.md. */
    private void upstream(CompletedCall call, String endpoint) {
        Duration upstream = Duration.ZERO;
        Attempt answering = null;
        for (Attempt attempt : call.attempts()) {
            Duration spent = attempt.succeeded() ? nonNegative(Duration.between(attempt.start(), call.completed()))
                    : attempt.latency();
            upstream = upstream.plus(spent);
            String outcome = attempt.failure().map(kind -> kind.name().toLowerCase(Locale.ROOT)).orElse("answered");
            upstreamDuration.record(seconds(spent), cached(new UpstreamLabels(endpoint, attempt.provider(), outcome),
                    k -> Attributes.of(ENDPOINT, k.endpoint(), PROVIDER, k.provider(), OUTCOME, k.outcome())));
            if (attempt.succeeded()) {
                answering = attempt;
            }
        }
        if (answering == null) {
            return;
        }
        Attributes served = cached(new ServedLabels(endpoint, labels.model(call.alias()), answering.provider()),
                k -> Attributes.of(ENDPOINT, k.endpoint(), MODEL, k.model(), PROVIDER, k.provider()));
        overhead.record(seconds(nonNegative(call.duration().minus(upstream))), served);
        Optional<Duration> firstByte = answering.timeToFirstByte();
        if (firstByte.isPresent()) {
            Instant at = answering.start().plus(firstByte.get());
            timeToFirstByte.record(seconds(nonNegative(Duration.between(call.started(), at))), served);
        }
    }

    private void cache(CompletedCall call, Attributes traffic, String endpoint, String model) {
        if (call.cache() == CacheStatus.NOT_CACHED) {
            return;
        }
        String result = call.cache().name().toLowerCase(Locale.ROOT);
        cacheLookups.add(1, cached(new CacheLabels(endpoint, model, result),
                k -> Attributes.of(ENDPOINT, k.endpoint(), MODEL, k.model(), RESULT, k.result())));
        if (call.cache() == CacheStatus.HIT) {
            cacheServed.add(call.bytesOut(), traffic);
        }
    }

    private void refusals(CompletedCall call) {
        ErrorKind error = call.error().orElse(null);
        if (error == ErrorKind.RATE_LIMITED && call.refusingLimit().isPresent()) {
            RefusingLimit limit = call.refusingLimit().get();
            rateLimited.add(1, cached(limit, k -> Attributes.of(OWNER, k.owner(), LIMIT, k.limit())));
        } else if (error == ErrorKind.QUOTA_EXCEEDED) {
            budgetRefused.add(1, cached(new KeyLabel(LabelValues.named(call.keyName())), k -> Attributes.of(KEY, k.key())));
        }
    }

    private void spending(CompletedCall call, String model) {
        KeyModelLabels keyModel = new KeyModelLabels(LabelValues.named(call.keyName()), model);
        if (pricing.isPresent()) {
            CallCost cost = pricing.get().price(call);
            cost.usd().filter(usd -> usd.signum() > 0).ifPresent(usd -> costUsd.add(usd.doubleValue(),
                    cached(keyModel, k -> Attributes.of(KEY, k.key(), MODEL, k.model()))));
        }
        if (call.cache() == CacheStatus.HIT) {
            return;
        }
        for (Map.Entry<UsageUnit, BigDecimal> used : call.usage().amounts().entrySet()) {
            if (used.getValue().signum() > 0) {
                mediaUnits.add(used.getValue().doubleValue(), cached(new UnitLabels(model, used.getKey().wireName()),
                        k -> Attributes.of(MODEL, k.model(), UNIT, k.unit())));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private <K> Attributes cached(K labels, Function<K, Attributes> build) {
        Attributes known = attributes.get(labels);
        return known != null ? known : attributes.computeIfAbsent(labels, k -> build.apply((K) k));
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    // One record type per label set, so that equal values of different sets never share an entry.
    private record CallLabels(String endpoint, String model, String provider, int status) {}

    private record ServedLabels(String endpoint, String model, String provider) {}

    private record TrafficLabels(String endpoint, String model) {}

    private record ProviderLabels(String provider) {}

    private record UpstreamLabels(String endpoint, String provider, String outcome) {}

    private record CacheLabels(String endpoint, String model, String result) {}

    private record KeyLabel(String key) {}

    private record KeyModelLabels(String key, String model) {}

    private record UnitLabels(String model, String unit) {}
}
