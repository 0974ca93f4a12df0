package dev.prism.core.cache;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import dev.prism.core.config.ConfigException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/**
 * The JVM's limit on direct memory, from which Ehcache's off-heap tier takes its whole size when the
 * cache opens. A tier that does not fit is a configuration error, said before Ehcache fails deep
 * inside the injector.
 */
final class DirectMemory {
    private DirectMemory() {}

    /** {@code -XX:MaxDirectMemorySize}; left at its default, the JVM allows as much as the maximum heap. */
    static long limitBytes() {
        try {
            VMOption option = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("MaxDirectMemorySize");
            return option.getOrigin() == VMOption.Origin.DEFAULT ? Runtime.getRuntime().maxMemory()
                    : Long.parseLong(option.getValue());
        } catch (RuntimeException | LinkageError e) {
            return Long.MAX_VALUE; // Not a HotSpot JVM: Ehcache's own check still stops an oversized tier.
        }
    }

    /** What direct buffers already take (the JDK's I/O buffers, another cache). */
    static long usedBytes() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }

    static void requireRoomFor(long bytes, String path) {
        long limit = limitBytes();
        long used = usedBytes();
        if (bytes > limit - used) {
            throw new ConfigException(path, (bytes >> 20) + " MB does not fit in the JVM's direct memory (limit "
                    + (limit >> 20) + " MB, " + (used >> 20) + " MB in use): lower it, or raise the limit with"
                    + " -XX:MaxDirectMemorySize (in PRISM_JAVA_OPTS), leaving room for the JDK's own I/O buffers");
        }
    }
}
