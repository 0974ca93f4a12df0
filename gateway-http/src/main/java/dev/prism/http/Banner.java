package dev.prism.http;

import dev.prism.core.config.Durations;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.routing.ModelRoute;
import dev.prism.core.upload.UploadSpooler;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an operator reads when Prism starts: where it listens, what it serves, which key to use,
 * every folder it writes to, and how to stop it. Printed on standard error, outside the logging
 * system, so that a generated key shown here never reaches a log file or a collector.
 */
final class Banner {
    private final GatewayConfig config;
    private final PrismServer server;
    private final Path configFile;
    private final Main.DemoKey demoKey;

    /**
     * @param configFile the file read, or null for the built-in configuration
     * @param demoKey the built-in configuration's key, or null with a file
     */
    Banner(GatewayConfig config, PrismServer server, Path configFile, Main.DemoKey demoKey) {
        this.config = config;
        this.server = server;
        this.configFile = configFile;
        this.demoKey = demoKey;
    }

    String render(long startNanos) {
        StringBuilder out = new StringBuilder();
        out.append("Prism listening on http://").append(config.server().host()).append(':').append(server.port())
                .append(String.format(Locale.ROOT, "  (started in %.2f s; JDK %s, %s)%n", startNanos / 1e9,
                        Runtime.version(), System.getProperty("java.vendor")));
        line(out, "config", configFile == null ? "built-in demo (" + (demoKey.upstreamIsOpenAi()
                ? "OpenAI, from OPENAI_API_KEY" : "the offline mock provider") + ")" : configFile.toAbsolutePath().toString());
        line(out, "providers", config.providers().entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue().type() + ")").collect(Collectors.joining(", ")));
        line(out, "models", config.models().values().stream().map(ModelRoute::alias).collect(Collectors.joining(", ")));
        // Then each feature's own line (the cache's, ...), so a new feature needs no edit here.
        config.features().bannerLines().forEach(feature -> line(out, feature.label(), feature.text()));
        line(out, "uploads", "over 1 MiB spooled to " + server.component(UploadSpooler.class).directory()
                + " (each file deleted when its request ends)");
        if (demoKey != null) {
            line(out, "key", demoKey.value() + "   (Authorization: Bearer " + demoKey.value() + ")");
            if (demoKey.generated()) {
                line(out, "", "made for this run and shown only here; set PRISM_KEY to choose your own");
            }
        }
        line(out, "stop", "Ctrl-C or SIGTERM (requests in flight get up to "
                + Durations.format(config.server().shutdownGrace()) + " to finish)");
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "  %-10s %s%n", label.isEmpty() ? "" : label + ":", value));
    }
}
