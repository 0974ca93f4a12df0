package dev.prism.core.config;

import dev.prism.core.feature.FeatureSections;
import dev.prism.core.feature.FeatureSettings;
import dev.prism.core.feature.GatewayFeature;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads the sections of the discovered features, each once, on demand: a feature that reads
 * another's settings (the cache, the shared Redis) gets them read first, whatever the order the
 * features were found in. Each problem is handed to the loader's collector, with the others.
 */
final class FeatureReading implements FeatureSettings {
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*");

    private final ConfigNode root;
    private final List<GatewayFeature<?>> features;
    private final Consumer<ConfigException> problems;
    private final Map<String, FeatureSections.Section<?>> read = new LinkedHashMap<>();
    private final Set<String> failed = new java.util.HashSet<>();
    private final List<String> reading = new ArrayList<>();

    private FeatureReading(ConfigNode root, List<GatewayFeature<?>> features, Consumer<ConfigException> problems) {
        this.root = root;
        this.features = features;
        this.problems = problems;
    }

    /** The features on the class path of {@code loader}, each once. */
    static List<GatewayFeature<?>> discover(ClassLoader loader) {
        List<GatewayFeature<?>> found = new ArrayList<>();
        ServiceLoader.load(GatewayFeature.class, loader).forEach(found::add);
        return found;
    }

    /**
     * Every feature's section, read from {@code root}: each key is marked as known there, so that
     * the root's unknown keys are those nobody claims.
     *
     * @param coreSections the sections the loader reads itself, which no feature may claim
     */
    static FeatureSections readAll(ConfigNode root, List<GatewayFeature<?>> features, Set<String> coreSections,
            Consumer<ConfigException> problems) {
        List<GatewayFeature<?>> sorted = features.stream()
                .sorted(Comparator.comparing(GatewayFeature::configKey)).toList();
        checkClaims(sorted, coreSections);
        FeatureReading reading = new FeatureReading(root, sorted, problems);
        sorted.forEach(reading::section);
        // In the order of the keys, not of reading (a section others read is read first): the banner's order.
        Map<String, FeatureSections.Section<?>> byKey = new LinkedHashMap<>();
        sorted.stream().map(GatewayFeature::configKey).filter(reading.read::containsKey)
                .forEach(key -> byKey.put(key, reading.read.get(key)));
        return FeatureSections.of(byKey);
    }

    /** Two jars claiming one section would otherwise be settled by class-path order: refuse at start. */
    private static void checkClaims(List<GatewayFeature<?>> features, Set<String> coreSections) {
        Map<String, GatewayFeature<?>> byKey = new LinkedHashMap<>();
        Map<Class<?>, GatewayFeature<?>> byType = new LinkedHashMap<>();
        for (GatewayFeature<?> feature : features) {
            String key = feature.configKey();
            String name = feature.getClass().getName();
            if (key == null || !KEY.matcher(key).matches()) {
                throw new ConfigException("", "the feature " + name + " claims the section '" + key
                        + "'; a section key is lower case letters, digits and '_'");
            }
            if (coreSections.contains(key)) {
                throw new ConfigException(key, "claimed by the feature " + name + ", but it is a core section; "
                        + "remove the jar of " + name);
            }
            GatewayFeature<?> other = byKey.putIfAbsent(key, feature);
            if (other != null) {
                throw new ConfigException(key, "claimed by two features, " + other.getClass().getName() + " and "
                        + name + "; remove the jar of one of them");
            }
            GatewayFeature<?> sameType = byType.putIfAbsent(feature.settingsType(), feature);
            if (sameType != null) {
                throw new ConfigException(key, "the features " + sameType.getClass().getName() + " and " + name
                        + " both read " + feature.settingsType().getName() + "; each feature needs its own settings type");
            }
        }
    }

    @Override
    public <S> S of(Class<S> type) {
        GatewayFeature<?> feature = features.stream().filter(f -> f.settingsType().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no feature reads " + type.getName()));
        FeatureSections.Section<?> section = section(feature);
        return type.cast(section != null ? section.settings() : defaultsOf(feature));
    }

    /**
     * The settings of a section with a problem as if it were absent, so that the reader that asked
     * still has its own section checked; its own problems are reported already.
     */
    private <S> S defaultsOf(GatewayFeature<S> feature) {
        try {
            return feature.read(new ConfigNode(root.childPath(feature.configKey()), null), this);
        } catch (ConfigException e) {
            throw new DependencyUnreadable();
        }
    }

    /** The feature's section, read now unless it was already; null when it has a problem. */
    private <S> FeatureSections.Section<S> section(GatewayFeature<S> feature) {
        String key = feature.configKey();
        if (read.containsKey(key)) {
            @SuppressWarnings("unchecked") // put below, with this feature's settings type
            FeatureSections.Section<S> section = (FeatureSections.Section<S>) read.get(key);
            return section;
        }
        if (failed.contains(key)) {
            return null;
        }
        if (reading.contains(key)) {
            throw new IllegalStateException("features read each other's settings in a circle: " + reading + " -> " + key);
        }
        reading.add(key);
        try {
            S settings = feature.read(root.child(key), this);
            FeatureSections.Section<S> section = new FeatureSections.Section<>(feature, settings);
            read.put(key, section);
            return section;
        } catch (ConfigException e) {
            problems.accept(e);
            failed.add(key);
            return null;
        } catch (DependencyUnreadable e) {
            failed.add(key);
            return null;
        } finally {
            reading.remove(key);
        }
    }

    /** Thrown to a reader whose feature's settings depend on a section with a problem. */
    private static final class DependencyUnreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DependencyUnreadable() {
            super(null, null, false, false);
        }
    }
}
