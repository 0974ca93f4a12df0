package dev.prism.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.util.Set;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.prism.core.GatewayModule;
import dev.prism.core.cache.CacheModule;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.failover.TargetHealthRegistry;
import dev.prism.core.media.PublishedMedia;
import dev.prism.core.pipeline.MediaGateway;
import dev.prism.core.plugin.ConfiguredProviders;
import dev.prism.core.upload.UploadSpooler;
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

    private PrismServer(WebServer server, ConfiguredProviders providers, Injector injector) {
        this.server = server;
        this.providers = providers;
        this.injector = injector;
    }

    /** Starts a gateway for the configuration; extra modules may add policies. */
    public static PrismServer start(GatewayConfig config, Clock clock, List<Module> extraModules) {
        WireLogging.keepHeadersOutOfLogs();
        HelidonHttpTransport transport = new HelidonHttpTransport(Duration.ofSeconds(10), config.providers().values()
                .stream().flatMap(p -> java.util.stream.Stream.of(p.timeout(), p.firstByteTimeout()))
                .collect(java.util.stream.Collectors.toSet()));
        List<Module> modules = new java.util.ArrayList<>(extraModules);
        modules.add(new GatewayModule(config, clock, transport));
        if (config.cache().enabled()) {
            modules.add(new CacheModule(config.cache()));
        }
        Injector injector = Guice.createInjector(Stage.PRODUCTION, modules);
        ObjectMapper mapper = new ObjectMapper();
        GuardedHandlers guarded = new GuardedHandlers(new ErrorResponses(mapper));
        OpenAiRoutes openAi = new OpenAiRoutes(injector.getInstance(MediaGateway.class),
                injector.getInstance(UploadSpooler.class), mapper, guarded, clock.instant());
        OperationalRoutes operational = new OperationalRoutes(mapper, injector.getInstance(TargetHealthRegistry.class),
                injector.getInstance(PublishedMedia.class), guarded);
        HttpRouting.Builder routing = HttpRouting.builder();
        openAi.register(routing);
        operational.register(routing);
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
                // Without it a response written in pieces (headers, then each flushed chunk of a stream) can
                // wait for the client's delayed ACK: about 40 ms on Linux, on every answer.
                .connectionOptions(o -> o.tcpNoDelay(true))
                // HTTP/1.1 only, with a listener that shows each handler its client's connection (so a client
                // leaving mid-wait is noticed). Not discovered as well: a second HTTP/1.1 candidate would make the
                // server sniff each connection's first bytes and drop, unanswered, those that are not HTTP.
                .protocolsDiscoverServices(false)
                .addProtocol(Http1Config.builder().addReceiveListener(ClientDisconnectWatch.connectionCapture()).build())
                .addRouting(routing)
                .build()
                .start();
        if (config.server().publicUrl().isEmpty() && config.server().port() == 0) {
            // Port 0 picked a free port only now: links to published files must name it.
            injector.getInstance(PublishedMedia.class).rebase(GatewayModule.localUrl(config.server().host(), server.port()));
        }
        return new PrismServer(server, injector.getInstance(ConfiguredProviders.class), injector);
    }

    public int port() {
        return server.port();
    }

    /** For tests and embedding: a component of the running gateway. */
    public <T> T component(Class<T> type) {
        return injector.getInstance(type);
    }

    @Override
    public void close() {
        server.stop();
        // Providers first: plugin class loaders (among the closeables) must outlive their code.
        providers.close();
        for (AutoCloseable closeable : injector.getInstance(Key.get(new TypeLiteral<Set<AutoCloseable>>() {}))) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.getLogger(PrismServer.class.getName()).log(System.Logger.Level.WARNING, "Failed to close " + closeable, e);
            }
        }
    }
}
