package dev.prism.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.cost.CallPricing;
import dev.prism.core.failover.FailoverDispatch;
import dev.prism.core.failover.TargetAdmission;
import dev.prism.core.failover.TargetHealthRegistry;
import dev.prism.core.keys.KeyDirectory;
import dev.prism.core.keys.KeyRing;
import dev.prism.core.keys.StoredKeyLookup;
import dev.prism.core.keys.StoredKeys;
import dev.prism.core.media.PublishedMedia;
import dev.prism.core.pipeline.AnswerRenderer;
import dev.prism.core.pipeline.CallPolicy;
import dev.prism.core.pipeline.MediaGateway;
import dev.prism.core.pipeline.PolicyChain;
import dev.prism.core.record.AttemptListener;
import dev.prism.core.record.UploadDurations;
import dev.prism.core.record.CallListener;
import dev.prism.core.record.CallRecorder;
import dev.prism.core.record.MediaMeter;
import dev.prism.core.pipeline.TargetInvoker;
import dev.prism.core.plugin.ConfiguredProviders;
import dev.prism.core.plugin.ProviderCatalog;
import dev.prism.core.routing.ModelCatalog;
import dev.prism.core.upload.SpoolDirectory;
import dev.prism.core.upload.UploadSpooler;
import dev.prism.spi.HttpTransport;
import dev.prism.spi.MediaPublisher;
import dev.prism.spi.ProviderContext;
import dev.prism.spi.SpiVersion;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Wires the core: configuration in, {@link MediaGateway} out. The transport adapter supplies the
 * {@link HttpTransport}; feature modules add {@link CallPolicy} bindings to the set.
 */
public final class GatewayModule extends AbstractModule {
    /** The SPI version this host implements. */
    public static final String SPI_VERSION = SpiVersion.CURRENT;

    private final GatewayConfig config;
    private final Clock clock;
    private final HttpTransport transport;
    private final RandomGenerator random;

    public GatewayModule(GatewayConfig config, Clock clock, HttpTransport transport) {
        // Shared by every request thread: java.util.Random is thread-safe, the default generator is not.
        this(config, clock, transport, new Random());
    }

    /** @param random picks targets of the weighted strategy; tests pass a seeded one, shared by threads */
    public GatewayModule(GatewayConfig config, Clock clock, HttpTransport transport, RandomGenerator random) {
        this.config = config;
        this.clock = clock;
        this.transport = transport;
        this.random = random;
    }

    @Override
    protected void configure() {
        bind(GatewayConfig.class).toInstance(config);
        bind(Clock.class).toInstance(clock);
        bind(HttpTransport.class).toInstance(transport);
        Multibinder.newSetBinder(binder(), CallPolicy.class);
        // The transport adapter renders typed answers in its wire format (OptionalBinder.setBinding).
        OptionalBinder.newOptionalBinder(binder(), AnswerRenderer.class).setDefault().toInstance(AnswerRenderer.NONE);
        Multibinder.newSetBinder(binder(), CallListener.class);
        // The pricing feature prices calls (x-prism-cost, the ledger); without it, calls are not priced.
        OptionalBinder.newOptionalBinder(binder(), CallPricing.class);
        Multibinder.newSetBinder(binder(), AttemptListener.class);
        // The rate limiter checks each target's provider limits; without it, every target admits every call.
        OptionalBinder.newOptionalBinder(binder(), TargetAdmission.class).setDefault().toInstance(TargetAdmission.NONE);
        // The ledger keeps the keys made through the admin API; without it, only the configured keys exist.
        OptionalBinder.newOptionalBinder(binder(), StoredKeys.class);
        OptionalBinder.newOptionalBinder(binder(), StoredKeyLookup.class).setDefault().toInstance(StoredKeyLookup.NONE);
        Multibinder.newSetBinder(binder(), AutoCloseable.class).addBinding().to(CallRecorder.class);
        // Things to close at shutdown, in no particular order (cache back ends, ...).
        Multibinder.newSetBinder(binder(), AutoCloseable.class);
        // Checks of outside services, run before the gateway listens (the cache's Redis, ...).
        Multibinder.newSetBinder(binder(), StartupCheck.class);
        // What must answer for the gateway to take traffic (GET /health/ready): the cache's store when it may not be bypassed.
        Multibinder.newSetBinder(binder(), ReadinessCheck.class);
        // Start-up work run once the gateway listens (opening the in-memory cache, ...).
        Multibinder.newSetBinder(binder(), BackgroundStart.class);
    }

    @Provides
    @Singleton
    ProviderCatalog providerCatalog() {
        return ProviderCatalog.discover(GatewayModule.class.getClassLoader(), config.plugins().dir());
    }

    @ProvidesIntoSet
    AutoCloseable pluginLoaders(ProviderCatalog catalog) {
        return catalog;
    }

    @Provides
    @Singleton
    PublishedMedia publishedMedia() {
        String base = config.server().publicUrl().orElse(localUrl(config.server().host(), config.server().port()));
        return new PublishedMedia(clock, base);
    }

    /** The URL of a server listening on {@code host} and {@code port}, for links when no public URL is set. */
    public static String localUrl(String host, int port) {
        return "http://" + hostForLinks(host) + ":" + port;
    }

    private static String hostForLinks(String host) {
        return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
    }

    @Provides
    @Singleton
    ProviderContext providerContext(PublishedMedia media) {
        return new ProviderContext() {
            @Override
            public String spiVersion() {
                return SPI_VERSION;
            }

            @Override
            public HttpTransport http() {
                return transport;
            }

            @Override
            public Clock clock() {
                return clock;
            }

            @Override
            public MediaPublisher media() {
                return media;
            }
        };
    }

    @Provides
    @Singleton
    ConfiguredProviders configuredProviders(ProviderCatalog catalog, ProviderContext context) {
        return ConfiguredProviders.create(config.providers(), catalog, context);
    }

    @Provides
    @Singleton
    TargetInvoker targetInvoker(ConfiguredProviders providers, AnswerRenderer renderer) {
        return new TargetInvoker(providers, renderer);
    }

    @Provides
    @Singleton
    TargetHealthRegistry targetHealth() {
        return new TargetHealthRegistry(config.models().values(), config.providers());
    }

    @Provides
    @Singleton
    PolicyChain policyChain(Set<CallPolicy> policies, TargetInvoker invoker, TargetHealthRegistry health,
            TargetAdmission admission) {
        List<CallPolicy> ordered = policies.stream().sorted(Comparator.comparing(CallPolicy::stage)).toList();
        return new PolicyChain(ordered, new FailoverDispatch(invoker, health, config.providers(), config.routing(),
                clock, random, admission));
    }

    @Provides
    @Singleton
    MediaGateway mediaGateway(KeyRing keys, TargetInvoker invoker, PolicyChain chain, CallRecorder recorder,
            MediaMeter meter) {
        return new MediaGateway(keys, new ModelCatalog(config.models()), invoker, chain, recorder, meter);
    }

    @Provides
    @Singleton
    KeyRing keyRing(StoredKeyLookup stored) {
        return new KeyRing(config.keys(), stored);
    }

    @Provides
    @Singleton
    KeyDirectory keyDirectory(Optional<StoredKeys> stored, StoredKeyLookup lookup) {
        return new KeyDirectory(config.keys(), config.models().keySet(), stored, lookup, clock, new SecureRandom());
    }

    @Provides
    @Singleton
    CallRecorder callRecorder(Set<CallListener> listeners, Set<AttemptListener> attemptListeners) {
        return new CallRecorder(clock, List.copyOf(listeners), List.copyOf(attemptListeners));
    }

    @Provides
    @Singleton
    MediaMeter mediaMeter() {
        return new MediaMeter(UploadDurations::of);
    }

    /** Made at startup (a singleton of the production stage): an unusable spool directory stops the gateway. */
    @Provides
    @Singleton
    UploadSpooler uploadSpooler() {
        Path dir = config.server().spoolDir().map(Path::of).orElseGet(() -> SpoolDirectory.defaultLocation(
                System.getenv(), System.getProperty("java.io.tmpdir"), System.getProperty("user.name")));
        return new UploadSpooler(SpoolDirectory.open(dir), config.server().maxUploadBytes());
    }
}
