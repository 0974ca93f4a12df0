package dev.prism.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prism.core.ReadinessCheck;
import dev.prism.core.failover.TargetHealth;
import dev.prism.core.failover.TargetHealthRegistry;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the health routes say. The public ones ({@code /health}, {@code /health/live}, {@code
 * /health/ready}) name no provider, model or address; the targets' breakers and latencies are for
 * the admin key alone ({@code /admin/health}).
 */
final class HealthReport {
    private final ObjectMapper mapper;
    private final TargetHealthRegistry targets;
    private final Set<ReadinessCheck> readiness;

    HealthReport(ObjectMapper mapper, TargetHealthRegistry targets, Set<ReadinessCheck> readiness) {
        this.mapper = mapper;
        this.targets = targets;
        this.readiness = Set.copyOf(readiness);
    }

    /** {@code {"status":"ok"}}, or {@code "degraded"} (still serving: other targets may) while a breaker is open. */
    ObjectNode summary() {
        return mapper.createObjectNode().put("status", degraded() ? "degraded" : "ok");
    }

    /** Why the gateway must not take traffic now; empty when it is ready. Asks every check, each time. */
    List<String> notReadyBecause() {
        return readiness.stream().map(ReadinessCheck::notReadyBecause).flatMap(Optional::stream).sorted().toList();
    }

    /** {@code {"status":"ready"}} or {@code {"status":"not_ready","reasons":[...]}}. */
    ObjectNode readiness(List<String> reasons) {
        ObjectNode body = mapper.createObjectNode().put("status", reasons.isEmpty() ? "ready" : "not_ready");
        if (!reasons.isEmpty()) {
            reasons.forEach(body.putArray("reasons")::add);
        }
        return body;
    }

    /** The admin's view: the summary, readiness, and every target's breaker and latency. */
    ObjectNode details() {
        ObjectNode body = summary();
        List<String> reasons = notReadyBecause();
        body.put("ready", reasons.isEmpty());
        reasons.forEach(body.putArray("reasons")::add);
        ArrayNode list = body.putArray("targets");
        for (TargetHealth target : targets.all()) {
            ObjectNode t = list.addObject();
            t.put("provider", target.target().provider());
            t.put("model", target.target().model());
            t.put("breaker", target.breakerState());
            if (target.latencyMillis() >= 0) {
                t.put("latency_ms", Math.round(target.latencyMillis() * 10) / 10.0);
            }
        }
        return body;
    }

    private boolean degraded() {
        return targets.all().stream().anyMatch(t -> t.breakerState().equals("open"));
    }
}
