package dev.prism.core.telemetry;

import dev.prism.core.cache.CacheOutages;
import dev.prism.core.limit.LimitOutages;
import dev.prism.core.failover.TargetHealth;
import dev.prism.core.failover.TargetHealthRegistry;
import dev.prism.core.ledger.LedgerBacklog;
import dev.prism.core.ledger.LedgerWriter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * What the gateway holds now, read at each collection: each target's circuit breaker and the
 * ledger's backlog. Nothing is counted on the request path for these.
 */
final class StateGauges {
    private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("provider");
    private static final AttributeKey<String> UPSTREAM_MODEL = AttributeKey.stringKey("upstream_model");

    private StateGauges() {}

    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");

    static void register(Meter meter, TargetHealthRegistry health, Optional<LedgerWriter> ledger) {
        register(meter, health, ledger, Optional.empty(), Optional.empty());
    }

    /**
     * @param limits what rate limiting did while its store could not be asked, when limits are wired
     * @param cache what the cache did while its store was out of reach, when the cache is on
     */
    static void register(Meter meter, TargetHealthRegistry health, Optional<LedgerWriter> ledger,
            Optional<LimitOutages> limits, Optional<CacheOutages> cache) {
        limits.ifPresent(outages -> meter.counterBuilder("prism.rate_limit.store_unavailable")
                .setDescription("Requests whose rate limits could not be checked (their store out of reach): "
                        + "outcome allowed (on_store_error: allow) or refused (deny, 503)")
                .buildWithCallback(m -> {
                    m.record(outages.allowed(), Attributes.of(OUTCOME, "allowed"));
                    m.record(outages.refused(), Attributes.of(OUTCOME, "refused"));
                }));
        cache.ifPresent(outages -> meter.counterBuilder("prism.cache.store_unavailable")
                .setDescription("Cacheable requests while the cache's store was out of reach: outcome bypassed "
                        + "(on_unavailable: bypass) or refused (fail, 503)")
                .buildWithCallback(m -> {
                    m.record(outages.bypassed(), Attributes.of(OUTCOME, "bypassed"));
                    m.record(outages.refused(), Attributes.of(OUTCOME, "refused"));
                }));
        List<TargetGauge> targets = health.all().stream().map(t -> new TargetGauge(t, Attributes.of(PROVIDER,
                t.target().provider(), UPSTREAM_MODEL, t.target().model()))).toList();
        meter.gaugeBuilder("prism.breaker.state").ofLongs()
                .setDescription("Each target's circuit breaker: 0 closed, 1 half-open, 2 open")
                .buildWithCallback(m -> targets.forEach(t -> m.record(breakerValue(t.health().breakerState()), t.attributes())));
        ledger.ifPresent(writer -> ledger(meter, writer));
    }

    static long breakerValue(String state) {
        return switch (state) {
            case "closed" -> 0;
            case "half-open" -> 1;
            default -> 2;
        };
    }

    private static void ledger(Meter meter, LedgerWriter writer) {
        meter.gaugeBuilder("prism.ledger.queue.rows").ofLongs()
                .setDescription("Ledger rows waiting in memory for the database")
                .buildWithCallback(m -> m.record(writer.backlog().inMemory()));
        meter.gaugeBuilder("prism.ledger.spill.size").ofLongs().setUnit("By")
                .setDescription("What the ledger's spill files hold")
                .buildWithCallback(m -> m.record(writer.backlog().spilledBytes()));
        meter.gaugeBuilder("prism.ledger.database.up").ofLongs()
                .setDescription("1 when the ledger's last attempt to reach its database succeeded")
                .buildWithCallback(m -> m.record(writer.backlog().databaseUp() ? 1 : 0));
        rows(meter, writer, "prism.ledger.rows.written", "Ledger rows written to the database", LedgerBacklog::written);
        rows(meter, writer, "prism.ledger.rows.spilled", "Ledger rows that went to the spill files", LedgerBacklog::spilled);
        rows(meter, writer, "prism.ledger.rows.dropped", "Ledger rows lost: no room in memory nor in the spill files",
                LedgerBacklog::lost);
    }

    private static void rows(Meter meter, LedgerWriter writer, String name, String description,
            ToLongFunction<LedgerBacklog> count) {
        meter.counterBuilder(name).setDescription(description)
                .buildWithCallback(m -> m.record(count.applyAsLong(writer.backlog())));
    }

    private record TargetGauge(TargetHealth health, Attributes attributes) {}
}
