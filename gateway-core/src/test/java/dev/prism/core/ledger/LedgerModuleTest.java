package dev.prism.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.OptionalBinder;
import dev.prism.core.StartupCheck;
import dev.prism.core.config.ConfigException;
import dev.prism.core.cost.CallCost;
import dev.prism.core.cost.CallPricing;
import dev.prism.core.record.CallListener;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerModuleTest {
    @TempDir
    Path dir;

    private LedgerSettings settings(String url) {
        return LedgerSettings.DEFAULT.withUrl(url).withSpillDir(dir.resolve("spill"));
    }

    private static Injector wire(LedgerSettings settings, AbstractModule... more) {
        AbstractModule clock = new AbstractModule() {
            @Override
            protected void configure() {
                bind(Clock.class).toInstance(Clock.systemUTC());
            }
        };
        com.google.inject.Module[] modules = new com.google.inject.Module[more.length + 2];
        modules[0] = clock;
        modules[1] = new LedgerModule(settings);
        System.arraycopy(more, 0, modules, 2, more.length);
        return Guice.createInjector(com.google.inject.Stage.PRODUCTION, modules);
    }

    @Test
    void theWriterListensToCallsAndTheReadSideIsTheBackEndsStore() {
        Injector injector = wire(settings("jdbc:fake:wiring"));

        LedgerWriter writer = injector.getInstance(LedgerWriter.class);
        assertThat(injector.getInstance(Key.get(new TypeLiteral<Set<CallListener>>() {}))).contains(writer);
        assertThat(injector.getInstance(Key.get(new TypeLiteral<Set<AutoCloseable>>() {}))).contains(writer);
        assertThat(injector.getInstance(UsageLedger.class)).isInstanceOf(FakeLedgerStore.class)
                .isSameAs(injector.getInstance(LedgerStore.class));
        writer.close();
    }

    @Test
    void withoutAPriceCatalogueEveryCallIsUnpricedNeverFree() {
        Injector injector = wire(settings("jdbc:fake:no-prices"));

        assertThat(injector.getInstance(CallPricing.class).price(null)).isEqualTo(CallCost.UNPRICED);
    }

    @Test
    void aPriceCatalogueBoundWithSetBindingReplacesTheDefault() {
        CallCost fixed = new CallCost(Optional.of(new BigDecimal("0.015")), BigDecimal.ZERO, false);
        Injector injector = wire(settings("jdbc:fake:prices"), new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), CallPricing.class).setBinding().toInstance(call -> fixed);
            }
        });

        assertThat(injector.getInstance(CallPricing.class).price(null)).isEqualTo(fixed);
    }

    @Test
    void aUrlNoBackEndServesStopsTheStartNamingTheSettingAndWhatExists() {
        assertThatThrownBy(() -> wire(settings("jdbc:mysql://db/prism?password=hunter2")))
                .isInstanceOf(CreationException.class)
                .rootCause().isInstanceOf(ConfigException.class)
                .hasMessage("ledger.url: no ledger back end serves jdbc:mysql URLs. Available: jdbc:fake:NAME (the tests' own)")
                .message().doesNotContain("hunter2");
    }

    @Test
    void aSpillDirectoryThatCannotBeMadeStopsTheStartNamingTheSetting() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        Injector injector = wire(settings("jdbc:fake:spill").withSpillDir(file.resolve("spill")));

        Set<StartupCheck> checks = injector.getInstance(Key.get(new TypeLiteral<Set<StartupCheck>>() {}));

        assertThat(checks).hasSize(1);
        assertThatThrownBy(() -> checks.forEach(StartupCheck::run)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ledger.spill_dir: cannot use " + file.resolve("spill"));
        injector.getInstance(LedgerWriter.class).close();
    }
}
