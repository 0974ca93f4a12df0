package dev.prism.core.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The JVM's basics from {@code java.lang.management}, read at each collection: memory by pool,
 * platform threads (virtual threads are not counted by the JVM's thread bean), garbage collections.
 * OpenTelemetry's runtime-telemetry-java17 library was left out: its 2.31.1-alpha did not resolve from
 * Maven Central, and 2.20.1-alpha brings incubator APIs built against an older SDK than ours.
 */
final class JvmGauges {
    private static final AttributeKey<String> AREA = AttributeKey.stringKey("area");
    private static final AttributeKey<String> POOL = AttributeKey.stringKey("pool");
    private static final AttributeKey<String> GC = AttributeKey.stringKey("gc");

    private JvmGauges() {}

    static void register(Meter meter) {
        List<Pool> pools = ManagementFactory.getMemoryPoolMXBeans().stream().map(bean -> new Pool(bean, Attributes.of(
                AREA, bean.getType() == MemoryType.HEAP ? "heap" : "nonheap", POOL, bean.getName()))).toList();
        memory(meter, pools, "jvm.memory.used", "Memory used, by pool", MemoryUsage::getUsed);
        memory(meter, pools, "jvm.memory.committed", "Memory committed by the JVM, by pool", MemoryUsage::getCommitted);
        memory(meter, pools, "jvm.memory.max", "The most memory a pool may use, where it has a bound", MemoryUsage::getMax);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        meter.gaugeBuilder("jvm.threads.live").ofLongs().setDescription("Live platform threads")
                .buildWithCallback(m -> m.record(threads.getThreadCount()));
        meter.gaugeBuilder("jvm.threads.daemon").ofLongs().setDescription("Live platform daemon threads")
                .buildWithCallback(m -> m.record(threads.getDaemonThreadCount()));
        meter.gaugeBuilder("jvm.threads.peak").ofLongs().setDescription("The most live platform threads since start")
                .buildWithCallback(m -> m.record(threads.getPeakThreadCount()));
        List<Collector> collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(bean -> new Collector(bean, Attributes.of(GC, bean.getName()))).toList();
        meter.counterBuilder("jvm.gc.collections").setDescription("Garbage collections, by collector")
                .buildWithCallback(m -> collectors.forEach(c -> record(c.bean().getCollectionCount(), v -> m.record(v, c.attributes()))));
        meter.counterBuilder("jvm.gc.collection.time").ofDoubles().setUnit("s")
                .setDescription("Time spent in garbage collections, by collector (as the JVM reports it)")
                .buildWithCallback(m -> collectors.forEach(c -> record(c.bean().getCollectionTime(),
                        v -> m.record(v / 1000.0, c.attributes()))));
    }

    private static void memory(Meter meter, List<Pool> pools, String name, String description,
            ToLongFunction<MemoryUsage> value) {
        meter.gaugeBuilder(name).ofLongs().setUnit("By").setDescription(description).buildWithCallback(m -> {
            for (Pool pool : pools) {
                MemoryUsage usage = pool.bean().getUsage();
                if (usage != null) {
                    record(value.applyAsLong(usage), v -> m.record(v, pool.attributes()));
                }
            }
        });
    }

    /** The beans answer -1 for what they do not know: left out rather than shown. */
    private static void record(long value, java.util.function.LongConsumer sink) {
        if (value >= 0) {
            sink.accept(value);
        }
    }

    private record Pool(MemoryPoolMXBean bean, Attributes attributes) {}

    private record Collector(GarbageCollectorMXBean bean, Attributes attributes) {}
}
