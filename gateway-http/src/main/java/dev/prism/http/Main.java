package dev.prism.http;

import dev.prism.core.config.ConfigException;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.GatewayConfig;
import dev.prism.core.routing.ModelRoute;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code prism run [--config FILE] [--debug]}: starts the gateway. Without a configuration (no
 * {@code --config}, no {@code PRISM_CONFIG}) it serves the OpenAI media models from the built-in
 * mock provider, or from OpenAI when {@code OPENAI_API_KEY} is set.
 *
 * <p>Exit codes: 2 for a configuration the gateway cannot start with (one line naming the setting),
 * 64 for a wrong command line, 1 for anything else (one line; {@code --debug} adds the stack trace).
 */
public final class Main {
    static final String DEMO_KEY = "sk-prism-demo";

    private Main() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        boolean debug = List.of(args).contains("--debug");
        try {
            Path configFile = configFile(args);
            GatewayConfig config = configFile == null ? defaultConfig() : ConfigLoader.fromSystemEnvironment().load(configFile);
            PrismServer server = PrismServer.start(config, Clock.systemUTC(), List.of());
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "prism-shutdown"));
            out.println("Prism listening on http://" + config.server().host() + ":" + server.port()
                    + " (JDK " + Runtime.version() + ", " + System.getProperty("java.vendor") + ")");
            out.println("  config:    " + (configFile == null ? "built-in default" : configFile.toAbsolutePath()));
            out.println("  providers: " + config.providers().entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue().type() + ")").collect(Collectors.joining(", ")));
            out.println("  models:    " + config.models().values().stream().map(ModelRoute::alias).collect(Collectors.joining(", ")));
            if (configFile == null) {
                out.println("  demo key:  " + DEMO_KEY + "   (Authorization: Bearer " + DEMO_KEY + ")");
            }
        } catch (ConfigException e) {
            System.err.println("prism: configuration error: " + e.getMessage());
            System.exit(2);
        } catch (UsageException e) {
            System.err.println("prism: " + e.getMessage());
            System.err.println("usage: prism run [--config FILE] [--debug]");
            System.exit(64);
        } catch (RuntimeException e) {
            ConfigException configError = configErrorIn(e);
            if (configError != null) {
                System.err.println("prism: configuration error: " + configError.getMessage());
                System.exit(2);
            }
            System.err.println("prism: cannot start: " + describe(e));
            if (debug) {
                e.printStackTrace();
            } else {
                System.err.println("prism: run with --debug for the stack trace");
            }
            System.exit(1);
        }
    }

    /** Guice wraps what the wiring throws; a configuration error deep inside is still one. */
    private static ConfigException configErrorIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException c) {
                return c;
            }
            if (t instanceof com.google.inject.CreationException creation) {
                for (var message : creation.getErrorMessages()) {
                    ConfigException inner = message.getCause() == null ? null : configErrorIn(message.getCause());
                    if (inner != null) {
                        return inner;
                    }
                }
            }
            if (t instanceof com.google.inject.ProvisionException provision) {
                for (var message : provision.getErrorMessages()) {
                    ConfigException inner = message.getCause() == null ? null : configErrorIn(message.getCause());
                    if (inner != null) {
                        return inner;
                    }
                }
            }
        }
        return null;
    }

    /** The root cause's message; for Guice's errors, that of the first failed binding. */
    private static String describe(Throwable e) {
        Throwable root = e;
        if (e instanceof com.google.inject.CreationException creation && !creation.getErrorMessages().isEmpty()
                && creation.getErrorMessages().iterator().next().getCause() != null) {
            root = creation.getErrorMessages().iterator().next().getCause();
        } else if (e instanceof com.google.inject.ProvisionException provision && !provision.getErrorMessages().isEmpty()
                && provision.getErrorMessages().iterator().next().getCause() != null) {
            root = provision.getErrorMessages().iterator().next().getCause();
        }
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static Path configFile(String[] args) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config", "-c" -> {
                    if (i + 1 == args.length) {
                        throw new UsageException("--config needs a file");
                    }
                    file = Path.of(args[++i]);
                }
                case "run", "--debug" -> { }
                default -> throw new UsageException("unknown argument '" + args[i] + "'");
            }
        }
        if (file == null) {
            String fromEnv = System.getenv("PRISM_CONFIG");
            if (fromEnv != null && !fromEnv.isBlank()) {
                file = Path.of(fromEnv);
            }
        }
        return file;
    }

    /** The built-in configuration: the mock for everything, or OpenAI when a key is in the environment. */
    static GatewayConfig defaultConfig() {
        String key = System.getenv("OPENAI_API_KEY");
        String resource = key == null || key.isBlank() ? "default-mock.yaml" : "default-openai.yaml";
        try (InputStream in = Main.class.getResourceAsStream(resource)) {
            return ConfigLoader.fromSystemEnvironment().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in configuration", e);
        }
    }

    private static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
