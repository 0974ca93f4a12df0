package dev.prism.core.failover;

import dev.prism.core.routing.ModelRoute;
import dev.prism.core.routing.ProviderTarget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/** The order in which one request tries an alias's targets, by the alias's strategy. */
final class TargetOrder {
    private final TargetHealthRegistry health;
    private final RandomGenerator random;

    TargetOrder(TargetHealthRegistry health, RandomGenerator random) {
        this.health = health;
        this.random = random;
    }

    List<ProviderTarget> order(ModelRoute route) {
        return switch (route.strategy()) {
            case FALLBACK -> route.targets();
            case WEIGHTED -> weighted(route.targets());
            case LEAST_LATENCY -> fastestFirst(route.targets());
        };
    }

    /** Draws without replacement in proportion to the weights; zero-weight targets go last, in order. */
    private List<ProviderTarget> weighted(List<ProviderTarget> targets) {
        List<ProviderTarget> pool = new ArrayList<>(targets.stream().filter(t -> t.weight() > 0).toList());
        List<ProviderTarget> order = new ArrayList<>(targets.size());
        while (!pool.isEmpty()) {
            long total = pool.stream().mapToLong(ProviderTarget::weight).sum();
            long pick = random.nextLong(total);
            for (int i = 0; i < pool.size(); i++) {
                pick -= pool.get(i).weight();
                if (pick < 0) {
                    order.add(pool.remove(i));
                    break;
                }
            }
        }
        targets.stream().filter(t -> t.weight() == 0).forEach(order::add);
        return order;
    }

    /** Lowest recent latency first; a target not measured yet counts as fastest, so it gets measured. */
    private List<ProviderTarget> fastestFirst(List<ProviderTarget> targets) {
        return targets.stream()
                .sorted(Comparator.comparingDouble(t -> Math.max(0, health.of(t).latencyMillis())))
                .toList();
    }
}
