package dev.prism.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.prism.core.feature.FeatureSections;
import dev.prism.core.feature.GatewayFeature;
import dev.prism.core.routing.ModelRoute;
import dev.prism.core.routing.ProviderTarget;
import dev.prism.core.routing.Strategy;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the YAML configuration into a {@link GatewayConfig}: {@code ${VAR}} (or
 * {@code ${VAR:-default}}) references resolved from the environment, every value type-checked,
 * every reference between sections checked, every unknown key refused, each error with its path.
 */
public final class ConfigLoader {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    // Decimals stay as written (prices): 0.1 is not the nearest binary fraction to it.
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final System.Logger LOG = System.getLogger("dev.prism.config");

    /** The sections read here; every other top-level key belongs to a {@link GatewayFeature}. */
    static final Set<String> CORE_SECTIONS = Set.of("server", "plugins", "providers", "routing", "models", "keys");

    private final UnaryOperator<String> environment;
    private final Consumer<String> warnings;
    private final List<GatewayFeature<?>> features;

    /** @param environment looks up an environment variable; null when it is not set */
    public ConfigLoader(UnaryOperator<String> environment) {
        this(environment, warning -> LOG.log(System.Logger.Level.WARNING, warning));
    }

    /**
     * @param environment looks up an environment variable; null when it is not set
     * @param warnings told of settings that are allowed but probably not meant (no keys at all, say)
     */
    public ConfigLoader(UnaryOperator<String> environment, Consumer<String> warnings) {
        this(environment, warnings, FeatureReading.discover(ConfigLoader.class.getClassLoader()));
    }

    /**
     * @param environment looks up an environment variable; null when it is not set
     * @param warnings told of settings that are allowed but probably not meant (no keys at all, say)
     * @param features the features whose sections are read, instead of those on the class path
     */
    public ConfigLoader(UnaryOperator<String> environment, Consumer<String> warnings, List<GatewayFeature<?>> features) {
        this.environment = environment;
        this.warnings = warnings;
        this.features = List.copyOf(features);
    }

    public static ConfigLoader fromSystemEnvironment() {
        return new ConfigLoader(System::getenv);
    }

    public GatewayConfig load(Path file) {
        if (!Files.exists(file)) {
            throw new ConfigException("", "configuration file " + file + " not found (working directory: "
                    + Path.of("").toAbsolutePath() + ")");
        }
        if (Files.isDirectory(file)) {
            throw new ConfigException("", "configuration file " + file + " is a directory, not a file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("", "cannot read configuration file " + file + ": " + e.getMessage());
        }
        if (text.isBlank()) {
            throw new ConfigException("", "configuration file " + file + " is empty; it needs at least providers, models "
                    + "and keys (see docs/configuration.md)");
        }
        return parse(text);
    }

    /**
     * Reads a whole configuration, reporting every problem it finds at once (one a line in the
     * exception's message), not only the first.
     */
    public GatewayConfig parse(String yaml) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JacksonException e) {
            String location = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field")) {
                // A repeated key would otherwise be resolved silently in favour of the last one.
                message = message.replace("Duplicate field", "the key") + " appears twice in the same map; keep one";
            }
            throw new ConfigException("", "not valid YAML" + location + ": " + message);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ConfigException("", "the configuration is empty; it needs at least providers, models and keys "
                    + "(see docs/configuration.md)");
        }
        if (!tree.isObject()) {
            throw new ConfigException("", "the configuration must be a map of sections");
        }
        ConfigNode root = new ConfigNode("", substitute(tree, ""));
        Problems problems = new Problems();
        ServerSettings server = problems.read(() -> server(root.child("server")));
        // One node per section: a node remembers which of its keys were read, a fresh child does not.
        ConfigNode pluginsNode = root.child("plugins");
        PluginSettings plugins = problems.read(() -> plugins(pluginsNode));
        ConfigNode providersNode = root.child("providers");
        Map<String, ProviderSettings> providers = problems.read(() -> providers(providersNode, problems));
        ConfigNode routingNode = root.child("routing");
        RoutingSettings routing = problems.read(() -> routing(routingNode));
        // A provider whose settings are wrong is still declared: aliases naming it are not wrong too.
        Set<String> declaredProviders = problems.read(() -> new LinkedHashSet<>(providersNode.keys()));
        ConfigNode modelsNode = root.child("models");
        Map<String, ModelRoute> models = problems.read(() -> models(modelsNode, declaredProviders, problems));
        Set<String> declaredModels = problems.read(() -> new LinkedHashSet<>(modelsNode.keys()));
        List<KeySpec> keys = problems.read(() -> keys(root.child("keys"), declaredModels, problems));
        // Every other section belongs to a feature (the cache, the shared Redis, ...): each reads its own.
        FeatureSections sections = problems.read(() -> FeatureReading.readAll(root, features, CORE_SECTIONS, problems::add));
        problems.read(() -> {
            root.rejectUnknownKeys();
            return null;
        });
        problems.throwIfAny();
        if (models.isEmpty()) {
            warnings.accept("models: no model aliases are configured, so every media request will get 404");
        }
        if (keys.isEmpty()) {
            warnings.accept("keys: no virtual keys are configured, so every request will get 401; add a keys: list");
        }
        return new GatewayConfig(server, plugins, providers, models, keys, routing, sections);
    }

    /**
     * A YAML data file written in the configuration's format (a price list), read as settings are:
     * decimals exact, a key written twice refused; no {@code ${VAR}} substitution.
     *
     * @param root the name the paths of its problems start with, such as {@code prices[openai]}
     * @throws ConfigException when it is not valid YAML
     */
    public static ConfigNode readData(String root, String yaml) {
        try {
            JsonNode tree = YAML.readTree(yaml);
            return new ConfigNode(root, tree);
        } catch (JacksonException e) {
            String location = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ConfigException(root, "not valid YAML" + location + ": " + e.getOriginalMessage());
        }
    }

    private static PluginSettings plugins(ConfigNode node) {
        Path dir = Path.of(node.string("dir").orElse("./plugins"));
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw node.error("dir", "'" + dir + "' is a file; expected a directory of plugin jars");
        }
        node.rejectUnknownKeys();
        return new PluginSettings(dir);
    }

    private static RoutingSettings routing(ConfigNode node) {
        RoutingSettings routing = new RoutingSettings(positive(node, "deadline").orElse(Duration.ofSeconds(120)));
        node.rejectUnknownKeys();
        return routing;
    }

    /** A duration that must be more than zero: a zero deadline or TTL would refuse or drop everything. */
    private static Optional<Duration> positive(ConfigNode node, String key) {
        return node.positiveDuration(key);
    }

    /** Collects the problems of independent parts of the file, so the operator sees them all at once. */
    private static final class Problems {
        private final List<ConfigException> found = new ArrayList<>();

        /** The part {@code reader} reads, or null when it has a problem (then remembered). */
        <T> T read(java.util.function.Supplier<T> reader) {
            try {
                return reader.get();
            } catch (ConfigException e) {
                found.add(e);
                return null;
            }
        }

        void add(ConfigException problem) {
            found.add(problem);
        }

        void throwIfAny() {
            if (!found.isEmpty()) {
                throw ConfigException.of(found);
            }
        }
    }

    private JsonNode substitute(JsonNode node, String path) {
        if (node.isTextual()) {
            return TextNode.valueOf(resolveVariables(node.asText(), path));
        }
        if (node.isObject()) {
            ObjectNode copy = YAML.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(),
                    substitute(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey())));
            return copy;
        }
        if (node.isArray()) {
            var copy = YAML.createArrayNode();
            for (int i = 0; i < node.size(); i++) {
                copy.add(substitute(node.get(i), path + "[" + i + "]"));
            }
            return copy;
        }
        return node;
    }

    private String resolveVariables(String text, String path) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = environment.apply(m.group(1));
            if (value == null) {
                if (m.group(2) == null) {
                    throw new ConfigException(path, "environment variable " + m.group(1) + " is not set");
                }
                value = m.group(2);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private ServerSettings server(ConfigNode node) {
        String host = node.string("host").orElse("127.0.0.1");
        int port = node.integer("port").orElse(8080);
        if (port < 0 || port > 65535) {
            throw node.error("port", "expected a port between 0 and 65535");
        }
        int maxUploadMb = node.integer("max_upload_mb").orElse(25);
        if (maxUploadMb < 1) {
            throw node.error("max_upload_mb", "must be at least 1");
        }
        Optional<String> publicUrl = node.string("public_url").map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        if (publicUrl.isPresent() && !isHttpUrl(publicUrl.get())) {
            throw node.error("public_url", "expected an absolute http or https URL such as https://prism.example.com");
        }
        Optional<String> spoolDir = node.string("spool_dir");
        int maxFormFieldsMb = node.integer("max_form_fields_mb").orElse(8);
        if (maxFormFieldsMb < 1) {
            throw node.error("max_form_fields_mb", "must be at least 1");
        }
        int maxInFlight = node.integer("max_in_flight").orElse(64);
        if (maxInFlight < 1) {
            throw node.error("max_in_flight", "must be at least 1");
        }
        Duration grace = positive(node, "shutdown_grace").orElse(ServerSettings.DEFAULT_SHUTDOWN_GRACE);
        int maxImageEditMb = node.integer("max_image_edit_mb").orElse(ServerSettings.DEFAULT_MAX_IMAGE_EDIT_MB);
        if (maxImageEditMb < 1) {
            throw node.error("max_image_edit_mb", "must be at least 1");
        }
        node.rejectUnknownKeys();
        return new ServerSettings(host, port, maxUploadMb * 1024L * 1024L, publicUrl, spoolDir,
                maxFormFieldsMb * 1024L * 1024L, maxInFlight, grace, maxImageEditMb * 1024L * 1024L);
    }

    private static boolean isHttpUrl(String text) {
        try {
            java.net.URI uri = new java.net.URI(text);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private Map<String, ProviderSettings> providers(ConfigNode node, Problems problems) {
        Map<String, ProviderSettings> providers = new LinkedHashMap<>();
        for (String name : node.keys()) {
            ProviderSettings provider = problems.read(() -> provider(node, name));
            if (provider != null) {
                providers.put(name, provider);
            }
        }
        return providers;
    }

    private ProviderSettings provider(ConfigNode node, String name) {
        ConfigNode p = node.child(name);
        if (!NAME.matcher(name).matches()) {
            throw p.error("a provider name may hold letters, digits, '.', '_' and '-'");
        }
        String type = p.requiredString("type");
        Duration timeout = positive(p, "timeout").orElse(Duration.ofSeconds(60));
        Duration firstByte = positive(p, "first_byte_timeout").orElse(timeout);
        RetrySettings retry = retry(p.child("retry"));
        BreakerSettings breaker = BreakerSettings.read(p.child("circuit_breaker"), BreakerSettings.DEFAULT);
        RateLimit rateLimit = RateLimit.read(p.child("rate_limit"));
        return new ProviderSettings(name, type, timeout, firstByte, retry, breaker, p, rateLimit);
    }

    private RetrySettings retry(ConfigNode node) {
        RetrySettings d = RetrySettings.DEFAULT;
        int attempts = node.integer("max_attempts").orElse(d.maxAttempts());
        if (attempts < 1) {
            throw node.error("max_attempts", "must be at least 1 (1 means no retry)");
        }
        RetrySettings retry = new RetrySettings(attempts, node.duration("backoff").orElse(d.backoff()),
                node.duration("max_backoff").orElse(d.maxBackoff()));
        node.rejectUnknownKeys();
        return retry;
    }

    private Map<String, ModelRoute> models(ConfigNode node, Set<String> providers, Problems problems) {
        Map<String, ModelRoute> models = new LinkedHashMap<>();
        for (String alias : node.keys()) {
            ModelRoute route = problems.read(() -> model(node, alias, providers));
            if (route != null) {
                models.put(alias, route);
            }
        }
        return models;
    }

    private ModelRoute model(ConfigNode node, String alias, Set<String> providers) {
        ConfigNode m = node.child(alias);
        Strategy strategy = m.string("strategy").map(s -> Strategy.fromConfigName(s).orElseThrow(
                () -> m.error("strategy", "unknown strategy '" + s + "'. Available: " + Arrays.stream(Strategy.values())
                        .map(Strategy::configName).collect(Collectors.joining(", ")))))
                .orElse(Strategy.FALLBACK);
        List<ProviderTarget> targets = new ArrayList<>();
        ConfigNode targetList = m.child("targets");
        if (targetList.isMissing() || targetList.items().isEmpty()) {
            throw targetList.error("an alias needs at least one target");
        }
        for (ConfigNode t : targetList.items()) {
            String provider = t.requiredString("provider");
            if (!providers.contains(provider)) {
                throw t.error("provider", "no provider named '" + provider + "'" + choices(providers));
            }
            int weight = t.integer("weight").orElse(1);
            if (weight < 0) {
                throw t.error("weight", "must not be negative");
            }
            targets.add(new ProviderTarget(provider, t.string("model").orElse(alias), weight));
            t.rejectUnknownKeys();
        }
        if (strategy == Strategy.WEIGHTED && targets.stream().allMatch(t -> t.weight() == 0)) {
            throw m.error("targets", "the weighted strategy needs a target with a weight above 0");
        }
        Optional<Duration> deadline = positive(m, "deadline");
        Optional<Boolean> cache = Optional.empty();
        Optional<Duration> cacheTtl = Optional.empty();
        ConfigNode cacheNode = m.child("cache");
        if (!cacheNode.isMissing()) {
            if (cacheNode.asStringIfBoolean().isPresent()) {
                cache = cacheNode.asStringIfBoolean();
            } else if (!cacheNode.isMap()) {
                throw cacheNode.error("expected true, false, or a map such as { enabled: true, ttl: 1h }");
            } else {
                cache = cacheNode.bool("enabled").or(() -> Optional.of(true));
                cacheTtl = positive(cacheNode, "ttl");
                cacheNode.rejectUnknownKeys();
            }
        }
        RateLimit rateLimit = RateLimit.read(m.child("rate_limit"));
        m.rejectUnknownKeys();
        return new ModelRoute(alias, strategy, targets, deadline, cache, cacheTtl, rateLimit);
    }

    private static String choices(Set<String> names) {
        return names.isEmpty() ? "" : ". Available: " + String.join(", ", names);
    }

    private List<KeySpec> keys(ConfigNode node, Set<String> models, Problems problems) {
        List<KeySpec> keys = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        Set<String> hashes = new LinkedHashSet<>();
        for (ConfigNode k : node.items()) {
            KeySpec key = problems.read(() -> key(k, models, names, hashes));
            if (key != null) {
                keys.add(key);
            }
        }
        return keys;
    }

    private KeySpec key(ConfigNode k, Set<String> models, Set<String> names, Set<String> hashes) {
        String name = k.requiredString("name");
        if (!names.add(name)) {
            throw k.error("name", "another key is already named '" + name + "'");
        }
        Optional<String> plain = k.string("key");
        Optional<String> hashed = k.string("key_sha256");
        byte[] sha;
        if (plain.isPresent() == hashed.isPresent()) {
            throw k.error("give either key or key_sha256");
        } else if (plain.isPresent()) {
            if (plain.get().length() < 8) {
                throw k.error("key", "a key needs at least 8 characters");
            }
            sha = sha256(plain.get());
        } else {
            try {
                sha = HexFormat.of().parseHex(hashed.get().trim().toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw k.error("key_sha256", "expected 64 hex digits");
            }
            if (sha.length != 32) {
                throw k.error("key_sha256", "expected 64 hex digits");
            }
        }
        if (!hashes.add(HexFormat.of().formatHex(sha))) {
            throw k.error("two keys have the same value");
        }
        Optional<List<String>> allowed = k.stringList("models");
        if (allowed.isPresent()) {
            for (int i = 0; i < allowed.get().size(); i++) {
                String alias = allowed.get().get(i);
                if (!models.contains(alias)) {
                    throw new ConfigException(k.path() + ".models[" + i + "]", "no model named '" + alias + "'");
                }
            }
        }
        KeyBudget budget = budget(k.child("budget"), models, allowed);
        RateLimit rateLimit = RateLimit.read(k.child("rate_limit"));
        k.rejectUnknownKeys();
        return new KeySpec(name, sha, KeySpec.modelsOf(allowed), budget, rateLimit);
    }

    /**
     * A budget given as JSON text (a key made through the admin API), read by the same rules as a
     * configured key's {@code budget}.
     *
     * @param models the model aliases configured
     * @param allowed the aliases the key may use, when it is limited to some
     * @throws ConfigException naming what is wrong, under the path {@code budget}
     */
    public static KeyBudget budgetOf(String json, Set<String> models, Optional<List<String>> allowed) {
        return budget(readData("budget", json), models, allowed);
    }

    /**
     * A rate limit given as JSON text (a key made through the admin API), read by the same rules as
     * a configured key's {@code rate_limit}.
     *
     * @throws ConfigException naming what is wrong, under the path {@code rate_limit}
     */
    public static RateLimit rateLimitOf(String json) {
        return RateLimit.read(readData("rate_limit", json));
    }

    /** {@code budget: { usd: 50, period: monthly, models: { tts-1: { usd: 5, period: daily } } }}; every part optional but one. */
    private static KeyBudget budget(ConfigNode node, Set<String> models, Optional<List<String>> allowed) {
        if (node.isMissing()) {
            return KeyBudget.NONE;
        }
        if (!node.isMap()) {
            throw node.error("expected a map such as { usd: 50, period: monthly }");
        }
        List<ConfigException> problems = new ArrayList<>();
        Optional<BudgetLimit> overall = Optional.empty();
        if (node.has("usd") || node.has("period")) {
            try {
                overall = Optional.of(budgetLimit(node));
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
        Map<String, BudgetLimit> byModel = new LinkedHashMap<>();
        ConfigNode modelsNode = node.child("models");
        if (!modelsNode.isMissing()) {
            if (!modelsNode.isMap()) {
                problems.add(modelsNode.error("expected a map of model aliases, such as { tts-1: { usd: 5, period: daily } }"));
            } else {
                for (String alias : modelsNode.keys()) {
                    ConfigNode limit = modelsNode.child(alias);
                    try {
                        if (!models.contains(alias)) {
                            throw limit.error("no model named '" + alias + "'" + choices(models));
                        }
                        if (allowed.isPresent() && !allowed.get().contains(alias)) {
                            throw limit.error("this key may not use '" + alias + "' (it is not in the key's models)");
                        }
                        if (!limit.isMap()) {
                            throw limit.error("expected a map such as { usd: 5, period: daily }");
                        }
                        byModel.put(alias, budgetLimit(limit));
                        limit.rejectUnknownKeys();
                    } catch (ConfigException e) {
                        problems.add(e);
                    }
                }
            }
        }
        try {
            node.rejectUnknownKeys();
        } catch (ConfigException e) {
            problems.add(e);
        }
        if (problems.isEmpty() && overall.isEmpty() && byModel.isEmpty()) {
            problems.add(node.error("give usd and period, models, or both"));
        }
        if (!problems.isEmpty()) {
            throw ConfigException.of(problems);
        }
        return new KeyBudget(overall, byModel);
    }

    private static BudgetLimit budgetLimit(ConfigNode node) {
        // Both are known keys here, whichever of them is wrong.
        node.child("usd");
        node.child("period");
        BigDecimal usd = node.decimal("usd").orElseThrow(() -> node.error("usd", "is required: the most to spend in "
                + "each period, in US dollars"));
        if (usd.signum() < 0) {
            throw node.error("usd", "cannot be negative");
        }
        String period = node.string("period").orElseThrow(() -> node.error("period", "is required: daily, monthly or total"))
                .trim();
        BudgetPeriod parsed = Arrays.stream(BudgetPeriod.values()).filter(p -> p.configName().equals(period))
                .findFirst().orElseThrow(() -> node.error("period", "expected daily, monthly or total, not '" + period + "'"
                        + KeySuggestion.closest(period, List.of("daily", "monthly", "total"))
                                .map(known -> "; did you mean '" + known + "'?").orElse("")));
        return new BudgetLimit(usd, parsed);
    }

    /** The SHA-256 of a key as stored in the configuration ({@code key_sha256}). */
    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
