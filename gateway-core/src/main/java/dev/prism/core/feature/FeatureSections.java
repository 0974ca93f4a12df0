package dev.prism.core.feature;

import com.google.inject.Module;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The sections the discovered features read, each with its settings, in the order of their keys. */
public final class FeatureSections implements FeatureSettings {
    private final Map<String, Section<?>> sections;

    private FeatureSections(Map<String, Section<?>> sections) {
        this.sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    /** A feature and the settings it read from its section. */
    public record Section<S>(GatewayFeature<S> feature, S settings) {
        Optional<Module> module() {
            return feature.module(settings);
        }

        Optional<BannerLine> bannerLine() {
            return feature.bannerLine(settings);
        }
    }

    /** @param sections each feature's section, by its key */
    public static FeatureSections of(Map<String, Section<?>> sections) {
        return new FeatureSections(sections);
    }

    /** The top-level keys the features own. */
    public List<String> keys() {
        return List.copyOf(sections.keySet());
    }

    @Override
    public <S> S of(Class<S> type) {
        for (Section<?> section : sections.values()) {
            if (section.feature().settingsType().equals(type)) {
                return type.cast(section.settings());
            }
        }
        throw new IllegalArgumentException("no feature reads " + type.getName() + "; features found: " + keys());
    }

    /** The modules of the features that are on, to install next to the core's. */
    public List<Module> modules() {
        List<Module> modules = new ArrayList<>();
        sections.values().forEach(section -> section.module().ifPresent(modules::add));
        return modules;
    }

    /** The features' lines for the start-up banner. */
    public List<BannerLine> bannerLines() {
        List<BannerLine> lines = new ArrayList<>();
        sections.values().forEach(section -> section.bannerLine().ifPresent(lines::add));
        return lines;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FeatureSections that && settingsByKey().equals(that.settingsByKey());
    }

    @Override
    public int hashCode() {
        return settingsByKey().hashCode();
    }

    @Override
    public String toString() {
        return settingsByKey().toString();
    }

    // Two loads of one file are equal: feature instances are not compared, their settings are.
    private Map<String, Object> settingsByKey() {
        Map<String, Object> settings = new LinkedHashMap<>();
        sections.forEach((key, section) -> settings.put(key, section.settings()));
        return settings;
    }
}
