package dev.prism.http;

import dev.prism.core.config.ConfigException;
import dev.prism.core.config.ConfigLoader;
import dev.prism.core.config.GatewayConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code prism run [--config FILE] [--port N] [--debug]}: starts the gateway. Without a
 * configuration (no {@code --config}, no {@code PRISM_CONFIG}) it serves the OpenAI media models
 * from the built-in mock provider, or from OpenAI when {@code OPENAI_API_KEY} is set.
 *
 * <p>Exit status: 0 after a normal stop, 1 when the gateway cannot start (the port is taken, say),
 * 2 for a configuration mistake, 64 for a wrong command line. Each failure is one line on standard
 * error; a stack trace only with {@code --debug}. Standard output is left to the access log.
 */
public final class Main {
    static final String DEMO_KEY = "sk-prism-demo";
    static final int EXIT_CANNOT_START = 1;
    static final int EXIT_CONFIG = 2;
    static final int EXIT_USAGE = 64;

    static final String USAGE = """
            usage: prism run [--config FILE] [--port N] [--debug]

              --config, -c FILE   the configuration file (else $PRISM_CONFIG, else the built-in demo:
                                  the mock provider, or OpenAI when $OPENAI_API_KEY is set)
              --port, -p N        listen on port N instead of server.port (0 picks a free port)
              --debug             log at FINE and print stack traces of start-up failures
              --help, -h          print this help

            Stop with Ctrl-C or SIGTERM: Prism stops accepting connections and gives requests in
            flight up to server.shutdown_grace (10s) to finish. See docs/configuration.md.""";

    private Main() {}

    public static void main(String[] args) {
        PrintStream err = System.err;
        CommandLine command;
        try {
            command = CommandLine.parse(args);
        } catch (UsageException e) {
            err.println("prism: " + e.getMessage());
            err.println(USAGE);
            System.exit(EXIT_USAGE);
            return;
        }
        if (command.help()) {
            System.out.println(USAGE);
            return;
        }
        LogSetup.configure(command.debug());
        try {
            start(command, err);
        } catch (ConfigException e) {
            reportConfigError(e, err);
            System.exit(EXIT_CONFIG);
        } catch (StartupFailure e) {
            err.println("prism: cannot start: " + e.getMessage());
            debugTrace(command, e, err);
            System.exit(EXIT_CANNOT_START);
        } catch (RuntimeException e) {
            ConfigException configError = StartupErrors.configErrorIn(e);
            if (configError != null) {
                reportConfigError(configError, err);
                debugTrace(command, e, err);
                System.exit(EXIT_CONFIG);
            }
            err.println("prism: cannot start: " + StartupErrors.describe(e)
                    + (command.debug() ? "" : " (run with --debug for the stack trace)"));
            debugTrace(command, e, err);
            System.exit(EXIT_CANNOT_START);
        }
    }

    private static void start(CommandLine command, PrintStream err) {
        long startedNanos = System.nanoTime();
        java.time.Instant began = java.time.Instant.now();
        StartupTimeline timeline = new StartupTimeline();
        Path configFile = command.configFile();
        DemoKey demoKey = configFile == null ? DemoKey.forDefaultConfig(System::getenv) : null;
        GatewayConfig config = configFile == null ? defaultConfig(demoKey) : ConfigLoader.fromSystemEnvironment().load(configFile);
        if (command.port() != null) {
            config = config.withPort(command.port());
        }
        timeline.mark("configuration");
        PrismServer server = PrismServer.start(config, Clock.systemUTC(), List.of(), timeline);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "prism-shutdown"));
        err.print(new Banner(config, server, configFile, demoKey).render(StartupTimeline.since(startedNanos).toNanos()));
        err.flush();
        timeline.log(began);
    }

    private static void reportConfigError(ConfigException e, PrintStream err) {
        if (e.problems().size() == 1) {
            err.println("prism: configuration error: " + e.getMessage());
        } else {
            err.println("prism: " + e.problems().size() + " configuration errors:");
            e.problems().forEach(problem -> err.println("  " + problem));
        }
    }

    private static void debugTrace(CommandLine command, Throwable e, PrintStream err) {
        if (command.debug()) {
            e.printStackTrace(err);
        }
    }

    /** The built-in configuration: the mock for everything, or OpenAI when a key is in the environment. */
    static GatewayConfig defaultConfig(DemoKey demoKey) {
        return defaultConfig(demoKey, "");
    }

    /** The built-in configuration with more top-level sections ({@code sections}, YAML) than it has itself. */
    static GatewayConfig defaultConfig(DemoKey demoKey, String sections) {
        UnaryOperator<String> environment = name -> name.equals(DemoKey.VARIABLE) ? demoKey.value() : System.getenv(name);
        try (InputStream in = Main.class.getResourceAsStream(demoKey.resource())) {
            return new ConfigLoader(environment).parse(new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n" + sections);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in configuration", e);
        }
    }

    /**
     * The key of the built-in configuration: {@code PRISM_KEY} when set; else, with the mock, the
     * well-known {@code sk-prism-demo}; in front of the operator's own OpenAI key a well-known key
     * would spend the operator's money, so there it is one made at random for this run.
     */
    record DemoKey(String value, boolean upstreamIsOpenAi, boolean generated) {
        static final String VARIABLE = "PRISM_KEY";

        static DemoKey forDefaultConfig(UnaryOperator<String> environment) {
            String openAiKey = environment.apply("OPENAI_API_KEY");
            boolean openAi = openAiKey != null && !openAiKey.isBlank();
            String chosen = environment.apply(VARIABLE);
            if (chosen != null && !chosen.isBlank()) {
                return new DemoKey(chosen, openAi, false);
            }
            return openAi ? new DemoKey(random(), true, true) : new DemoKey(DEMO_KEY, false, false);
        }

        String resource() {
            return upstreamIsOpenAi ? "default-openai.yaml" : "default-mock.yaml";
        }

        private static String random() {
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            SecureRandom random = new SecureRandom();
            StringBuilder key = new StringBuilder("sk-prism-");
            for (int i = 0; i < 32; i++) {
                key.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return key.toString();
        }
    }

    /** What the command line asked for. */
    record CommandLine(Path configFile, Integer port, boolean debug, boolean help) {
        static CommandLine parse(String[] args) {
            Path file = null;
            Integer port = null;
            boolean debug = false;
            boolean help = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--config", "-c" -> file = Path.of(value(args, i++, "--config needs a file"));
                    case "--port", "-p" -> port = port(value(args, i++, "--port needs a number"));
                    case "--debug" -> debug = true;
                    case "--help", "-h" -> help = true;
                    case "run" -> { }
                    default -> throw new UsageException("unknown argument '" + args[i] + "'");
                }
            }
            if (file == null) {
                String fromEnv = System.getenv("PRISM_CONFIG");
                if (fromEnv != null && !fromEnv.isBlank()) {
                    file = Path.of(fromEnv);
                }
            }
            return new CommandLine(file, port, debug, help);
        }

        private static String value(String[] args, int i, String missing) {
            if (i + 1 >= args.length) {
                throw new UsageException(missing);
            }
            return args[i + 1];
        }

        private static int port(String text) {
            try {
                int port = Integer.parseInt(text.trim());
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException ignored) {
                // Reported below.
            }
            throw new UsageException("--port needs a number between 0 and 65535");
        }
    }

    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message, null, false, false);
        }
    }
}
