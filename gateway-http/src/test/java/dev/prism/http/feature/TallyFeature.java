package dev.prism.http.feature;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;
import dev.prism.core.config.ConfigNode;
import dev.prism.core.feature.BannerLine;
import dev.prism.core.feature.FeatureSettings;
import dev.prism.core.feature.GatewayFeature;
import dev.prism.core.record.CallListener;
import java.util.Optional;

/**
 * A feature that exists only in the tests, found like any other through its line in
 * {@code META-INF/services}: it owns the {@code tally:} section and, when that names a label,
 * counts completed calls under it. Nothing central knows of it.
 */
public final class TallyFeature implements GatewayFeature<TallyFeature.Settings> {
    /** The {@code tally:} section: off when absent. */
    public record Settings(Optional<String> label) {}

    @Override
    public String configKey() {
        return "tally";
    }

    @Override
    public Class<Settings> settingsType() {
        return Settings.class;
    }

    @Override
    public Settings read(ConfigNode node, FeatureSettings others) {
        Optional<String> label = node.string("label");
        if (label.isPresent() && label.get().isBlank()) {
            throw node.error("label", "must not be blank");
        }
        node.rejectUnknownKeys();
        return new Settings(label);
    }

    @Override
    public Optional<Module> module(Settings settings) {
        return settings.label().map(label -> new AbstractModule() {
            @Override
            protected void configure() {
                Tally tally = new Tally(label);
                bind(Tally.class).toInstance(tally);
                Multibinder.newSetBinder(binder(), CallListener.class).addBinding().toInstance(tally);
            }
        });
    }

    @Override
    public Optional<BannerLine> bannerLine(Settings settings) {
        return settings.label().map(label -> new BannerLine("tally", "counting calls as " + label));
    }
}
