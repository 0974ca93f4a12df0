package dev.prism.core.ledger;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.prism.core.StartupCheck;
import dev.prism.core.config.ConfigException;
import dev.prism.core.cost.CallCost;
import dev.prism.core.cost.CallPricing;
import dev.prism.core.record.CallListener;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Records every call of a known key in the ledger: binds the {@link LedgerWriter} as a {@link
 * CallListener} and a closeable, the store of the back end that serves {@code ledger.url}, and the
 * read side as {@link UsageLedger}. Installed only when {@code ledger.enabled}.
 *
 * <p>Costs come from the {@link CallPricing} port. Until a price catalogue binds one (with {@code
 * OptionalBinder.newOptionalBinder(binder(), CallPricing.class).setBinding()}), every row is unpriced.
 */
public final class LedgerModule extends AbstractModule {
    /** What prices calls when nothing else does: nothing, so every row says unpriced rather than $0. */
    static final CallPricing NO_PRICES = call -> CallCost.UNPRICED;

    private final LedgerSettings settings;

    public LedgerModule(LedgerSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), CallPricing.class).setDefault().toInstance(NO_PRICES);
        Multibinder.newSetBinder(binder(), CallListener.class).addBinding().to(LedgerWriter.class);
        Multibinder.newSetBinder(binder(), AutoCloseable.class).addBinding().to(LedgerWriter.class);
        bind(UsageLedger.class).to(LedgerStore.class);
    }

    @Provides
    @Singleton
    LedgerStore store() {
        List<LedgerBackend> available = new ArrayList<>();
        ServiceLoader.load(LedgerBackend.class, LedgerModule.class.getClassLoader()).forEach(available::add);
        return available.stream().filter(b -> b.serves(settings.url())).findFirst()
                .orElseThrow(() -> new ConfigException("ledger.url", "no ledger back end serves "
                        + scheme(settings.url()) + " URLs. " + (available.isEmpty()
                        ? "None is on the class path (the JDBC one is the prism-plugin-ledger-jdbc jar)"
                        : "Available: " + String.join("; ", available.stream().map(LedgerBackend::urlForms).toList()))))
                .create(settings);
    }

    private static String scheme(String url) {
        int second = url.indexOf(':', url.indexOf(':') + 1);
        return second < 0 ? url : url.substring(0, second);
    }

    @Provides
    @Singleton
    LedgerWriter writer(LedgerStore store, CallPricing pricing, Clock clock) {
        return new LedgerWriter(store, pricing, settings, clock);
    }

    /** Before the gateway listens: the spill directory is made and the writer starts; the database is not waited for. */
    @ProvidesIntoSet
    StartupCheck start(LedgerWriter writer) {
        return () -> {
            try {
                writer.start();
            } catch (UncheckedIOException e) {
                throw new ConfigException("ledger.spill_dir", "cannot use " + settings.spillDir().toAbsolutePath()
                        + " for the rows the database cannot take yet: " + e.getCause().getMessage());
            }
        };
    }
}
