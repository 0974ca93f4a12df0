package dev.prism.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.util.Set;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.prism.core.BackgroundStart;
import dev.prism.core.GatewayModule;
import dev.prism.core.ReadinessCheck;
import dev.prism.core.StartupCheck;
import dev.prism.core.admin.AdminAccess;
import dev.prism.core.admin.AdminSettings;
import dev.prism.core.cost.CataloguePricing;
import dev.prism.core.keys.KeyDirectory;
import dev.prism.core.ledger.UsageLedger;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.cost.CallPricing;
import dev.prism.core.failover.TargetHealthRegistry;
import dev.prism.core.media.PublishedMedia;
import dev.prism.core.pipeline.MediaGateway;
import dev.prism.core.plugin.ConfiguredProviders;
import dev.prism.core.telemetry.CallTracer;
import dev.prism.core.telemetry.MetricsScrape;
import dev.prism.core.telemetry.TelemetrySettings;
import dev.prism.core.upload.UploadSpooler;
import io.opentelemetry.api.metrics.Meter;
import io.helidon.http.DirectHandler;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A running gateway: the core wired by Guice behind Helidon's web server. */
public final class PrismServer implements AutoCloseable {
    private final WebServer server;
    private final ConfiguredProviders providers;
    private final Injector injector;
    private final RequestsInFlight inFlight;
    private final java.time.Duration grace;

    private PrismServer(WebServer server, ConfiguredProviders providers, Injector injector, RequestsInFlight inFlight,
            java.time.Duration grace) {
        this.inFlight = inFlight;
        this.grace = grace;
        this.server = server;
        this.providers = providers;
        this.injector = injector;
    }

    /** Starts a gateway for the configuration; extra modules may add policies. */
    public static PrismServer start(GatewayConfig config, Clock clock, List<Module> extraModules) {
        return start(config, clock, extraModules, new StartupTimeline());
    }

    static PrismServer start(GatewayConfig config, Clock clock, List<Module> extraModules, StartupTimeline timeline) {
        WireLogging.keepHeadersOutOfLogs();
        HelidonHttpTransport transport = new HelidonHttpTransport(Duration.ofSeconds(10), config.providers().values()
                .stream().flatMap(p -> java.util.stream.Stream.of(p.timeout(), p.firstByteTimeout()))
                .collect(java.util.stream.Collectors.toSet()));
        List<Module> modules = new java.util.ArrayList<>(extraModules);
        modules.add(new GatewayModule(config, clock, transport));
        // Typed answers (a provider's transcript or audio chunks) rendered in OpenAI's formats, here at the edge.
        modules.add(new OpenAiRenderingModule());
        // Each feature's module, chosen once from its settings (the cache's when cache.enabled, ...).
        modules.addAll(config.features().modules());
        requirePortFree(config.server().host(), config.server().port());
        timeline.mark("modules");
        Injector injector = Guice.createInjector(Stage.PRODUCTION, modules);
        timeline.mark("wiring");
        try {
            // Before anything listens: a back end out of reach is one line at start, not a failure per request.
            injector.getInstance(Key.get(new TypeLiteral<Set<StartupCheck>>() {})).forEach(StartupCheck::run);
            timeline.mark("start-up checks");
            PrismServer server = start(config, clock, injector, timeline);
            // What the first calls need but listening does not (the upstream client, the in-memory cache) is
            // made now, beside the first calls, each on a thread of its own; a call that needs it sooner waits.
            transport.prepareInBackground();
            for (BackgroundStart work : injector.getInstance(Key.get(new TypeLiteral<Set<BackgroundStart>>() {}))) {
                Thread.ofPlatform().name("prism-background-start").daemon().start(work::run);
            }
            return server;
        } catch (RuntimeException e) {
            injector.getInstance(ConfiguredProviders.class).close();
            closeAll(injector);
            throw e;
        }
    }

    private static PrismServer start(GatewayConfig config, Clock clock, Injector injector, StartupTimeline timeline) {
        ObjectMapper mapper = new ObjectMapper();
        MediaGateway gateway = injector.getInstance(MediaGateway.class);
        RecordHeaders recordHeaders = new RecordHeaders(
                injector.getInstance(Key.get(new TypeLiteral<java.util.Optional<CallPricing>>() {})));
        GuardedHandlers guarded = new GuardedHandlers(new ErrorResponses(mapper, recordHeaders), gateway::begin,
                optional(injector, CallTracer.class).orElseGet(CallTracer::disabled));
        RequestsInFlight inFlight = new RequestsInFlight(config.server().maxInFlight());
        injector.getInstance(Meter.class).gaugeBuilder("prism.requests.in_flight").ofLongs()
                .setDescription("API requests being served now (bounded by server.max_in_flight)")
                .buildWithCallback(m -> m.record(inFlight.count()));
        OpenAiRoutes openAi = new OpenAiRoutes(gateway,
                injector.getInstance(UploadSpooler.class), mapper, guarded, recordHeaders,
                inFlight, config.server().maxFormFieldsBytes(), config.server().maxImageEditBytes(), clock.instant());
        HealthReport health = new HealthReport(mapper, injector.getInstance(TargetHealthRegistry.class),
                injector.getInstance(Key.get(new TypeLiteral<Set<ReadinessCheck>>() {})));
        OperationalRoutes operational = new OperationalRoutes(mapper, health,
                injector.getInstance(PublishedMedia.class), guarded);
        HttpRouting.Builder routing = HttpRouting.builder();
        openAi.register(routing);
        if (config.feature(AdminSettings.class).enabled()) {
            new AdminRoutes(injector.getInstance(AdminAccess.class), optional(injector, UsageLedger.class),
                    injector.getInstance(KeyDirectory.class), optional(injector, CataloguePricing.class), clock, health, guarded)
                    .register(routing);
        }
        new MetricsRoute(injector.getInstance(MetricsScrape.class),
                config.feature(TelemetrySettings.class).metricsKeyRequired(), optional(injector, AdminAccess.class), guarded)
                .register(routing);
        operational.register(routing);
        timeline.mark("routes");
        JsonDirectHandler direct = new JsonDirectHandler(mapper);
        DirectHandlers.Builder directHandlers = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            directHandlers.addHandler(type, direct);
        }
        WebServer server = WebServer.builder()
                .host(config.server().host())
                .port(config.server().port())
                .directHandlers(directHandlers.build())
                .maxPayloadSize(-1)
                // HTTP/1.1 only, ours alone: a discovered second one would take every connection that does not
                // look like HTTP/1.1 and close it unanswered. Its one receive listener replaces Helidon's trace
                // listener (which logs nothing here, see WireLogging). It stays one: Helidon 4.1.3 passed no
                // events to a list of several (FramingIT and ClientLeavesWhileWaitingIT would fail), so ours are
                // combined: the capture that shows each handler its client's connection (a client leaving
                // mid-wait is noticed), then the framing guard.
                .protocolsDiscoverServices(false)
                .protocols(List.of(Http1Config.builder().addReceiveListener(
                        ReceiveListeners.of(ClientDisconnectWatch.connectionCapture(), new RequestFraming())).build()))
                // Without it a response written in pieces (headers, then each flushed chunk of a stream) can
                // wait for the client's delayed ACK: about 40 ms on Linux, on every answer.
                .connectionOptions(WatchableConnections.create())
                // Plain sockets: Helidon's NIO sockets cannot watch themselves, so a client leaving mid-wait would go unseen.
                .useNio(false)
                // Requests in flight finish (up to the grace) when the process is asked to stop; idle connections close at once.
                .shutdownGracePeriod(config.server().shutdownGrace())
                // One shutdown hook, ours (Main): Helidon's own would stop the server concurrently with it, and the
                // order of the two decides whether the last calls' records complete before the JVM exits.
                .shutdownHook(false)
                // Our own shutdown hook stops the server, then closes what the core holds, in that order.
                .shutdownHook(false)
                .addRouting(routing)
                .build()
                .start();
        timeline.mark("listening");
        // Helidon reads a logging.properties it finds while starting, which resets levels set in code: cap the
        // header traces again, so keys stay out of the logs whatever that file says.
        WireLogging.keepHeadersOutOfLogs();
        if (!server.isRunning()) {
            // Helidon reports a listener that failed to bind by not running, not by throwing.
            throw portTaken(config.server().host(), config.server().port(), null);
        }
        if (config.server().publicUrl().isEmpty() && config.server().port() == 0) {
            // Port 0 picked a free port only now: links to published files must name it.
            injector.getInstance(PublishedMedia.class).rebase(GatewayModule.localUrl(config.server().host(), server.port()));
        }
        return new PrismServer(server, injector.getInstance(ConfiguredProviders.class), injector, inFlight,
                config.server().shutdownGrace());
    }

    /** A component bound only when its feature is on (the ledger's, say). */
    private static <T> java.util.Optional<T> optional(Injector injector, Class<T> type) {
        return injector.getExistingBinding(Key.get(type)) == null ? java.util.Optional.empty()
                : java.util.Optional.of(injector.getInstance(type));
    }

    public int port() {
        return server.port();
    }

    /** For tests and embedding: a component of the running gateway. */
    public <T> T component(Class<T> type) {
        return injector.getInstance(type);
    }

    /**
     * Fails with one line when the address is taken, before anything is wired: Helidon would log a
     * stack trace and carry on without a listener.
     */
    private static void requirePortFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.net.BindException e) {
            throw portTaken(host, port, e);
        } catch (java.io.IOException e) {
            throw new StartupFailure("cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + " (check server.host)", e);
        }
    }

    private static StartupFailure portTaken(String host, int port, Throwable cause) {
        return new StartupFailure("the address " + host + ":" + port + " is already in use; choose another port with "
                + "server.port in the configuration or --port N on the command line", cause);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (RuntimeException e) {
            // Stopped already, or failing to: what follows (records, the ledger, the access log) must still be closed.
            System.getLogger(PrismServer.class.getName()).log(System.Logger.Level.WARNING, "Stopping the server failed", e);
        }
        // Helidon stops taking requests but need not wait for a handler that has written its answer and is
        // completing the call's record; the closing below must not overtake it.
        if (!inFlight.awaitIdle(grace)) {
            System.getLogger(PrismServer.class.getName()).log(System.Logger.Level.WARNING,
                    "Stopping with requests still in flight after " + grace + "; their records may be incomplete");
        }
        // Providers first: plugin class loaders (among the closeables) must outlive their code.
        providers.close();
        closeAll(injector);
    }

    private static void closeAll(Injector injector) {
        for (AutoCloseable closeable : injector.getInstance(Key.get(new TypeLiteral<Set<AutoCloseable>>() {}))) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.getLogger(PrismServer.class.getName()).log(System.Logger.Level.WARNING, "Failed to close " + closeable, e);
            }
        }
    }
}
